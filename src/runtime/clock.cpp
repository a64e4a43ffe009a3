#include "runtime/clock.h"

#include <algorithm>

namespace todo::runtime {

core::Instant SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

void SystemClock::wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                             core::Instant deadline) const {
  // Converted to a steady duration so wall-clock jumps do not stretch waits.
  const auto remaining = deadline - now();
  if (remaining <= core::Millis::zero()) return;
  cv.wait_for(lock, remaining);
}

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

ManualClock::ManualClock(core::Instant start) : now_(start) {}

core::Instant ManualClock::now() const {
  std::lock_guard lock(mu_);
  return now_;
}

void ManualClock::wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                             core::Instant deadline) const {
  {
    std::lock_guard g(mu_);
    if (now_ >= deadline) return;
    waiters_.push_back({&cv, lock.mutex()});
  }
  // The caller holds `lock`, so set() cannot notify between our check and
  // the wait: it must take the caller's mutex first (see set()).
  cv.wait(lock);
  // Only this call's registration: other threads may wait on the same cv.
  std::lock_guard g(mu_);
  const auto it = std::find_if(waiters_.begin(), waiters_.end(), [&](const Waiter& w) { return w.cv == &cv; });
  if (it != waiters_.end()) waiters_.erase(it);
}

void ManualClock::set(core::Instant t) {
  std::vector<Waiter> waiters;
  {
    std::lock_guard g(mu_);
    now_ = t;
    waiters = waiters_;
  }
  for (const auto& w : waiters) {
    std::lock_guard g(*w.mu);
    w.cv->notify_all();
  }
}

void ManualClock::advance(core::Millis d) { set(now() + d); }

}  // namespace todo::runtime
