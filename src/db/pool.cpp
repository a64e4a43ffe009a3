#include "db/pool.h"

#include <algorithm>
#include <stdexcept>

#include "core/waiter.h"
#include "db/error.h"

namespace todo::db {

Pool::Pool(std::string url, int size, std::chrono::milliseconds acquire_timeout)
    : url_(std::move(url)), size_(size), acquire_timeout_(acquire_timeout) {
  idle_.resize(static_cast<size_t>(size_));
}

void Pool::open(std::string url) {
  std::lock_guard lock(mu_);
  if (!url_.empty()) throw std::logic_error("db::Pool::open: the pool already has a URL");
  url_ = std::move(url);
}

bool Pool::is_open() const {
  std::lock_guard lock(mu_);
  return !url_.empty();
}

std::string Pool::url() const {
  std::lock_guard lock(mu_);
  if (url_.empty()) throw Error(Error::Kind::Unavailable, "08000", "the database is not configured yet");
  return url_;
}

Pool::Lease::~Lease() {
  if (pool_ && conn_) pool_->release(std::move(conn_));
}

Pool::Lease Pool::acquire(std::optional<std::chrono::milliseconds> timeout) {
  std::unique_ptr<Connection> c;
  {
    std::unique_lock lock(mu_);
    if (url_.empty()) throw Error(Error::Kind::Unavailable, "08000", "the database is not configured yet");
    if (!wait_for_idle(lock, timeout.value_or(acquire_timeout_)))
      throw Error(Error::Kind::Unavailable, "53300", "no database connection free within the acquire timeout");
    c = std::move(idle_.back());
    idle_.pop_back();
    if (!c) c = std::make_unique<Connection>(url_);
  }
  Lease lease(this, std::move(c));
  lease->ensure_connected();  // throws Unavailable; the lease returns the connection
  return lease;
}

// A thread waits on the condition variable; a handler fiber parks through
// its waiter, so the network thread goes on while it waits.
bool Pool::wait_for_idle(std::unique_lock<std::mutex>& lock, std::chrono::milliseconds timeout) {
  auto* waiter = core::current_waiter();
  if (!waiter) return cv_.wait_for(lock, timeout, [&] { return !idle_.empty(); });
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (idle_.empty()) {
    auto wakeup = waiter->make_wakeup();
    parked_.push_back(wakeup);
    lock.unlock();
    const bool woken = waiter->park(*wakeup, deadline);
    lock.lock();
    if (!woken) {
      std::erase(parked_, wakeup);
      return !idle_.empty();
    }
  }
  return true;
}

void Pool::release(std::unique_ptr<Connection> c) {
  // A connection left inside a transaction (an exception between BEGIN and
  // COMMIT that skipped the rollback) is not fit for reuse.
  if (c->in_transaction()) c.reset();
  std::shared_ptr<core::Wakeup> fiber;
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
    if (!parked_.empty()) {
      fiber = std::move(parked_.front());
      parked_.pop_front();
    }
  }
  cv_.notify_one();
  if (fiber) fiber->wake();
}

}  // namespace todo::db
