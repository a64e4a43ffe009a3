#pragma once
// The stop flag and wake-ups of a background thread: it sleeps until it is
// woken, a deadline passes (on the injected clock) or it is asked to stop.
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "runtime/clock.h"

namespace todo::runtime {

class StopFlag {
 public:
  // Marks stopping and wakes every waiter. False when it was stopping already.
  bool stop() {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return false;
      stopping_ = true;
    }
    cv_.notify_all();
    return true;
  }
  bool stopping() const {
    std::lock_guard lock(mu_);
    return stopping_;
  }
  // The next (or current) wait returns at once.
  void wake() {
    {
      std::lock_guard lock(mu_);
      woken_ = true;
    }
    cv_.notify_all();
  }
  // Sleeps until woken, stopping or `deadline`; consumes the wake-up.
  // Returns false when stopping.
  bool wait_until(const Clock& clock, core::Instant deadline) {
    std::unique_lock lock(mu_);
    if (!woken_ && !stopping_) clock.wait_until(cv_, lock, deadline);
    woken_ = false;
    return !stopping_;
  }
  bool wait_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [this] { return woken_ || stopping_; });
    woken_ = false;
    return !stopping_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
};

}  // namespace todo::runtime
