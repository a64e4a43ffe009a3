#pragma once
// A fixed-size pool of blocking connections. Handlers run on a bounded worker
// pool (net/worker), never on the network threads, so a blocking query never
// stalls the event loop; the pool is sized to match the workers.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/connection.h"

namespace todo::db {

class Pool {
 public:
  Pool(std::string url, int size, std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5));

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

  // Waits up to the acquire timeout for a free connection, connecting it if
  // needed. Throws Error{Unavailable} when none can be had.
  Lease acquire();
  const std::string& url() const { return url_; }
  int size() const { return size_; }

 private:
  void release(std::unique_ptr<Connection> c);

  std::string url_;
  int size_;
  std::chrono::milliseconds acquire_timeout_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace todo::db
