#pragma once
// A fixed-size pool of blocking connections. Handlers run on the server's
// bounded worker pool (net/http_server), never on the network threads, so a
// blocking query never stalls the event loop; the pool is sized to match the
// workers. Connections are opened on first use.
//
// The URL may arrive after construction (open()): a service beside a Dapr
// sidecar listens at once and reads DATABASE_URL from the secret store
// afterwards. Until then acquire() fails with Error{Unavailable}.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <optional>
#include <vector>

#include "db/connection.h"

namespace todo::db {

class Pool {
 public:
  Pool(std::string url, int size, std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5));
  // A pool without a URL yet; call open() before the first acquire().
  explicit Pool(int size, std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5))
      : Pool(std::string(), size, acquire_timeout) {}

  // Sets the URL of a pool constructed without one. Once only.
  void open(std::string url);
  bool is_open() const;

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Waits up to the acquire timeout (or `timeout`, when given) for a free
  // connection, connecting it if needed. Throws Error{Unavailable} when none
  // can be had.
  Lease acquire(std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  // Throws Error{Unavailable} while the pool has no URL.
  std::string url() const;
  int size() const { return size_; }

 private:
  void release(std::unique_ptr<Connection> c);

  std::string url_;
  int size_;
  std::chrono::milliseconds acquire_timeout_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // null entries: not created yet
};

}  // namespace todo::db
