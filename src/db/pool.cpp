#include "db/pool.h"

#include "db/error.h"

namespace todo::db {

Pool::Pool(std::string url, int size, std::chrono::milliseconds acquire_timeout)
    : url_(std::move(url)), size_(size), acquire_timeout_(acquire_timeout) {
  for (int i = 0; i < size_; ++i) idle_.push_back(std::make_unique<Connection>(url_));
}

Pool::Lease::~Lease() {
  if (pool_ && conn_) pool_->release(std::move(conn_));
}

Pool::Lease Pool::acquire() {
  std::unique_ptr<Connection> c;
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, acquire_timeout_, [&] { return !idle_.empty(); }))
      throw Error(Error::Kind::Unavailable, "53300", "no database connection free within the acquire timeout");
    c = std::move(idle_.back());
    idle_.pop_back();
  }
  Lease lease(this, std::move(c));
  lease->ensure_connected();  // throws Unavailable; the lease returns the connection
  return lease;
}

void Pool::release(std::unique_ptr<Connection> c) {
  // A connection left inside a transaction (an exception between BEGIN and
  // COMMIT that skipped the rollback) is not fit for reuse.
  if (c->in_transaction()) c = std::make_unique<Connection>(url_);
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
  }
  cv_.notify_one();
}

}  // namespace todo::db
