#pragma once
// A fixed-size pool of connections, shared by threads (consumers, the
// scheduler, the server's worker pool) and by handler fibers on the network
// threads (net/handler_fibers), which wait for a connection, and on it,
// through their core::Waiter instead of blocking the thread. Connections are
// opened on first use.
//
// The URL may arrive after construction (open()): a service beside a Dapr
// sidecar listens at once and reads DATABASE_URL from the secret store
// afterwards. Until then acquire() fails with Error{Unavailable}.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <optional>
#include <vector>

#include "core/waiter.h"
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
  bool wait_for_idle(std::unique_lock<std::mutex>& lock, std::chrono::milliseconds timeout);

  std::string url_;
  int size_;
  std::chrono::milliseconds acquire_timeout_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // null entries: not created yet
  std::deque<std::shared_ptr<core::Wakeup>> parked_;  // handler fibers waiting, first come first served
};

}  // namespace todo::db
