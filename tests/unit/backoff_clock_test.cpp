// Retry backoff bounds and the Clock port. ManualClock tests synchronise with
// condition variables only: a waiter announces (under the shared mutex) that
// it is about to wait, so once the test holds that mutex the waiter is inside
// wait_until. The only timeouts are failure guards that keep a broken clock
// from hanging the suite.
#include "runtime/backoff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <limits>
#include <mutex>
#include <set>
#include <thread>

#include "runtime/clock.h"

namespace todo::runtime {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

constexpr int kSamples = 300;
constexpr auto kGuard = 10s;  // failure guard only; a correct clock never gets near it

// Every sample of attempt `attempt` lies in [lo, hi].
void expect_range(int attempt, milliseconds base, milliseconds cap, long long lo, long long hi) {
  for (int i = 0; i < kSamples; ++i) {
    const auto d = backoff_delay(attempt, base, cap).count();
    ASSERT_GE(d, lo) << "attempt " << attempt;
    ASSERT_LE(d, hi) << "attempt " << attempt;
  }
}

TEST(BackoffDelay, FirstAttemptIsBetweenHalfBaseAndBase) { expect_range(1, 100ms, 10s, 50, 100); }

TEST(BackoffDelay, DoublesWithEachAttempt) {
  expect_range(2, 100ms, 1h, 100, 200);
  expect_range(3, 100ms, 1h, 200, 400);
  expect_range(4, 100ms, 1h, 400, 800);
  expect_range(10, 100ms, 1h, 25600, 51200);
}

TEST(BackoffDelay, CappedCeiling) {
  // 100 ms * 2^9 = 51.2 s > 30 s cap.
  expect_range(10, 100ms, 30s, 15000, 30000);
  expect_range(7, 100ms, 5s, 2500, 5000);  // 6.4 s capped to 5 s
}

TEST(BackoffDelay, HugeAttemptNumbersStayWithinTheCap) {
  for (int attempt : {31, 32, 63, 64, 100, 1000000, std::numeric_limits<int>::max()})
    expect_range(attempt, 100ms, 60s, 30000, 60000);
}

TEST(BackoffDelay, AttemptZeroOrNegativeActsLikeTheFirst) {
  expect_range(0, 100ms, 10s, 50, 100);
  expect_range(-5, 100ms, 10s, 50, 100);
}

TEST(BackoffDelay, CapBelowBaseWins) { expect_range(1, 1s, 300ms, 150, 300); }

TEST(BackoffDelay, ZeroBaseOrCapIsZero) {
  expect_range(5, 0ms, 10s, 0, 0);
  expect_range(5, 100ms, 0ms, 0, 0);
}

TEST(BackoffDelay, IsJittered) {
  std::set<long long> seen;
  for (int i = 0; i < kSamples; ++i) seen.insert(backoff_delay(8, 100ms, 1h).count());
  // 300 draws from 6401 values: a constant or near-constant delay would hammer a dependency in lock-step.
  EXPECT_GT(seen.size(), 50u);
}

// The header promises [base * 2^(n-1) / 2, base * 2^(n-1)] capped, but the
// exponent is clamped at 20 before the cap is applied: with base 1 ms and cap
// 1 h, attempt 22 should wait 1048.576 s .. 2097.152 s; it waits at most 1048.576 s.
TEST(BackoffDelay, ExponentIsNotClampedBelowTheCap) {
  expect_range(22, 1ms, 1h, 1048576, 2097152);
}

// ---------------------------------------------------------------- clocks

const core::Instant kStart = core::from_unix_ms(1795514400000LL);

TEST(ManualClockTest, StandsStillUntilMoved) {
  ManualClock clock(kStart);
  EXPECT_EQ(clock.now(), kStart);
  EXPECT_EQ(clock.now(), kStart);
  clock.advance(1500ms);
  EXPECT_EQ(clock.now(), kStart + 1500ms);
  clock.set(kStart + 1h);
  EXPECT_EQ(clock.now(), kStart + 1h);
  clock.set(kStart);  // may go back
  EXPECT_EQ(clock.now(), kStart);
}

TEST(ManualClockTest, WaitForAPastOrPresentDeadlineReturnsAtOnce) {
  ManualClock clock(kStart);
  std::mutex mu;
  std::condition_variable cv;
  std::unique_lock lock(mu);
  clock.wait_until(cv, lock, kStart);        // deadline == now
  clock.wait_until(cv, lock, kStart - 1h);   // in the past
  EXPECT_TRUE(lock.owns_lock());
}

TEST(SystemClockTest, PastDeadlineReturnsAtOnceAndNowIsMilliseconds) {
  std::mutex mu;
  std::condition_variable cv;
  std::unique_lock lock(mu);
  const auto now = system_clock().now();
  system_clock().wait_until(cv, lock, now - 1s);
  EXPECT_TRUE(lock.owns_lock());
  EXPECT_EQ(&system_clock(), &system_clock());
}

// A thread that waits on `clock` until `deadline` and records its progress.
// Its destructor releases and joins the thread, so a failed assertion (or a
// clock that never wakes it) cannot leave a joinable thread behind.
class Waiter {
 public:
  Waiter(const Clock& c, core::Instant d, std::mutex& m, std::condition_variable& v)
      : clock_(c), deadline_(d), mu_(m), cv_(v) {
    thread_ = std::thread([this] { run(); });
  }
  ~Waiter() {
    {
      std::lock_guard g(mu_);
      released_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;

  // Blocks until the waiter has entered wait_until `n` times (it releases the
  // shared mutex only inside wait_until, so holding it proves it is waiting).
  bool entered_wait(int n) {
    std::unique_lock lock(mu_);
    return progress_.wait_for(lock, kGuard, [&] { return waits_ >= n || done_; }) && waits_ >= n;
  }
  // Blocks until the waiter returned for good.
  bool finished() {
    std::unique_lock lock(mu_);
    return progress_.wait_for(lock, kGuard, [&] { return done_; });
  }
  bool done() {
    std::lock_guard g(mu_);
    return done_;
  }
  // Ends the wait without moving time (the "cv notified" path of wait_until).
  void release() {
    {
      std::lock_guard g(mu_);
      released_ = true;
    }
    cv_.notify_all();
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    while (clock_.now() < deadline_ && !released_) {
      ++waits_;
      progress_.notify_all();
      clock_.wait_until(cv_, lock, deadline_);
    }
    done_ = true;
    progress_.notify_all();
  }

  const Clock& clock_;
  core::Instant deadline_;
  std::mutex& mu_;
  std::condition_variable& cv_;
  std::condition_variable progress_;
  int waits_ = 0;
  bool done_ = false;
  bool released_ = false;
  std::thread thread_;
};

TEST(ManualClockTest, AdvancePastTheDeadlineWakesTheWaiter) {
  ManualClock clock(kStart);
  std::mutex mu;
  std::condition_variable cv;
  Waiter w(clock, kStart + 5s, mu, cv);
  ASSERT_TRUE(w.entered_wait(1));
  clock.advance(5s);
  EXPECT_TRUE(w.finished()) << "advance() did not wake a waiter whose deadline passed";
}

TEST(ManualClockTest, SetPastTheDeadlineWakesTheWaiter) {
  ManualClock clock(kStart);
  std::mutex mu;
  std::condition_variable cv;
  Waiter w(clock, kStart + 5s, mu, cv);
  ASSERT_TRUE(w.entered_wait(1));
  clock.set(kStart + 1h);
  EXPECT_TRUE(w.finished());
}

TEST(ManualClockTest, AdvanceShortOfTheDeadlineKeepsItWaiting) {
  ManualClock clock(kStart);
  std::mutex mu;
  std::condition_variable cv;
  Waiter w(clock, kStart + 10s, mu, cv);
  ASSERT_TRUE(w.entered_wait(1));
  clock.advance(4s);
  // Woken, it re-checks the time and waits again: a second wait, not done.
  ASSERT_TRUE(w.entered_wait(2));
  EXPECT_FALSE(w.done());
  clock.advance(5999ms);
  ASSERT_TRUE(w.entered_wait(3));
  EXPECT_FALSE(w.done());
  clock.advance(1ms);  // exactly the deadline
  EXPECT_TRUE(w.finished());
}

TEST(ManualClockTest, NotifyingTheConditionVariableAlsoWakes) {
  ManualClock clock(kStart);
  std::mutex mu;
  std::condition_variable cv;
  Waiter w(clock, kStart + 1h, mu, cv);
  ASSERT_TRUE(w.entered_wait(1));
  w.release();
  EXPECT_TRUE(w.finished());
  EXPECT_EQ(clock.now(), kStart);  // time did not move by itself
}

TEST(ManualClockTest, OneAdvanceWakesWaitersOnDifferentConditionVariables) {
  ManualClock clock(kStart);
  std::mutex mu_a, mu_b;
  std::condition_variable cv_a, cv_b;
  Waiter a(clock, kStart + 1s, mu_a, cv_a);
  Waiter b(clock, kStart + 2s, mu_b, cv_b);
  ASSERT_TRUE(a.entered_wait(1));
  ASSERT_TRUE(b.entered_wait(1));
  clock.advance(2s);
  EXPECT_TRUE(a.finished());
  EXPECT_TRUE(b.finished());
}

TEST(ManualClockTest, WaiterWithALaterDeadlineSurvivesAnEarlierOnesWakeUp) {
  ManualClock clock(kStart);
  std::mutex mu_a, mu_b;
  std::condition_variable cv_a, cv_b;
  Waiter a(clock, kStart + 1s, mu_a, cv_a);
  Waiter b(clock, kStart + 3s, mu_b, cv_b);
  ASSERT_TRUE(a.entered_wait(1));
  ASSERT_TRUE(b.entered_wait(1));
  clock.advance(1s);
  EXPECT_TRUE(a.finished());
  ASSERT_TRUE(b.entered_wait(2));  // woken too, but its deadline is still ahead
  EXPECT_FALSE(b.done());
  clock.advance(2s);
  EXPECT_TRUE(b.finished());
}

TEST(ManualClockTest, WaitersSharingAMutexAndConditionVariableAllWake) {
  ManualClock clock(kStart);
  std::mutex mu;
  std::condition_variable cv;
  Waiter a(clock, kStart + 1s, mu, cv);
  Waiter b(clock, kStart + 1s, mu, cv);
  ASSERT_TRUE(a.entered_wait(1));
  ASSERT_TRUE(b.entered_wait(1));
  clock.advance(1s);
  EXPECT_TRUE(a.finished());
  EXPECT_TRUE(b.finished());
}

// Two threads waiting on one condition variable (a worker pool sharing a
// queue's cv). When one of them returns from wait_until, ManualClock erases
// every registration of that cv, including the other thread's, so a later
// advance() past the other thread's deadline never notifies it and it sleeps
// forever. Fix: erase a single registration (one per wait_until call), e.g.
// with find + erase, or key registrations by a per-call token.
TEST(ManualClockTest, SharedConditionVariableKeepsEveryWaiterRegistered) {
  ManualClock clock(kStart);
  std::mutex mu;
  std::condition_variable cv;
  std::condition_variable progress;
  int waiting = 0;
  int tokens = 0;
  int finished = 0;
  bool released = false;
  const core::Instant deadline = kStart + 10s;

  auto worker = [&] {
    std::unique_lock lock(mu);
    while (clock.now() < deadline && !released) {
      if (tokens > 0) {  // an application-level wake-up meant for exactly one worker
        --tokens;
        break;
      }
      ++waiting;
      progress.notify_all();
      clock.wait_until(cv, lock, deadline);
      --waiting;
    }
    ++finished;
    progress.notify_all();
  };
  std::thread t1(worker);
  std::thread t2(worker);
  struct JoinAll {
    std::function<void()> f;
    ~JoinAll() { f(); }
  } join_all{[&] {
    {
      std::lock_guard g(mu);
      released = true;
    }
    cv.notify_all();
    t1.join();
    t2.join();
  }};

  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(progress.wait_for(lock, kGuard, [&] { return waiting == 2; }));
    tokens = 1;
  }
  cv.notify_one();  // one worker takes the token and leaves
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(progress.wait_for(lock, kGuard, [&] { return finished == 1; }));
  }
  clock.advance(10s);  // must wake the remaining worker: its deadline has passed
  std::unique_lock lock(mu);
  EXPECT_TRUE(progress.wait_for(lock, kGuard, [&] { return finished == 2; }))
      << "the second waiter was not woken by advance()";
}

}  // namespace
}  // namespace todo::runtime
