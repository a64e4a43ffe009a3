#pragma once
// The Clock port: the time source, injectable so tests can move time instead
// of sleeping. Components that wait for a moment in time (retry backoff,
// scheduled jobs) wait through the clock, so a ManualClock wakes them when a
// test advances it.
#include <condition_variable>
#include <mutex>
#include <vector>

#include "core/time.h"

namespace todo::runtime {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual core::Instant now() const = 0;
  // Blocks until `deadline` on this clock, or until `cv` is notified
  // (spurious returns allowed; callers re-check their condition).
  virtual void wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                          core::Instant deadline) const = 0;
};

class SystemClock final : public Clock {
 public:
  core::Instant now() const override;
  void wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                  core::Instant deadline) const override;
};

// Time stands still until set() or advance(); both wake every waiter.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(core::Instant start);
  core::Instant now() const override;
  void wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                  core::Instant deadline) const override;
  void set(core::Instant t);
  void advance(core::Millis d);

 private:
  struct Waiter {
    std::condition_variable* cv;
    std::mutex* mu;
  };
  mutable std::mutex mu_;
  core::Instant now_;
  mutable std::vector<Waiter> waiters_;
};

// The process-wide real clock.
Clock& system_clock();

}  // namespace todo::runtime
