// Sign-in throttling on the StateStore port (services/gateway): the window,
// the Retry-After, success forgetting, TTL, and no lost count when attempts
// race (a concurrent writer between read and compare-and-set).
#include "services/gateway/sign_in_throttle.h"

#include <gtest/gtest.h>

#include "fake_ports.h"

namespace todo::services::gateway {
namespace {
using std::chrono::minutes;
using std::chrono::seconds;

const core::Instant kStart = core::parse_rfc3339("2026-11-25T10:00:00Z").value();

class ThrottleTest : public ::testing::Test {
 protected:
  core::Instant now = kStart;
  test::FakeStateStore store{[this] { return now; }};
  SignInThrottle throttle{store, ThrottleOptions{10, minutes(15)}};
};

TEST_F(ThrottleTest, TenAttemptsThenRefusedUntilTheOldestLeavesTheWindow) {
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(throttle.reserve("user:a", now), std::nullopt) << i;
    now += minutes(1);
  }
  // The 11th, 10 minutes after the first: 5 more minutes to wait.
  const auto wait = throttle.reserve("user:a", now);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 5 * 60);
  // Another subject is not affected.
  EXPECT_EQ(throttle.reserve("user:b", now), std::nullopt);
  // Once the first attempt left the window, one more is allowed.
  now = kStart + minutes(15) + seconds(1);
  EXPECT_EQ(throttle.reserve("user:a", now), std::nullopt);
  EXPECT_TRUE(throttle.reserve("user:a", now).has_value());
}

TEST_F(ThrottleTest, ASuccessForgetsTheAttempts) {
  for (int i = 0; i < 9; ++i) ASSERT_EQ(throttle.reserve("user:a", now), std::nullopt);
  throttle.clear("user:a");
  for (int i = 0; i < 10; ++i) EXPECT_EQ(throttle.reserve("user:a", now), std::nullopt) << i;
  EXPECT_TRUE(throttle.reserve("user:a", now).has_value());
}

TEST_F(ThrottleTest, TheRecordExpiresWithTheWindow) {
  for (int i = 0; i < 10; ++i) ASSERT_EQ(throttle.reserve("user:a", now), std::nullopt);
  now += minutes(15) + seconds(1);  // the TTL has passed: the key reads as absent
  EXPECT_EQ(throttle.reserve("user:a", now), std::nullopt);
}

TEST_F(ThrottleTest, AConcurrentAttemptIsNeverLost) {
  // Nine attempts; then, between our read and our write, another process
  // records the tenth. Ours must not overwrite it: it re-reads, finds ten,
  // and is refused.
  for (int i = 0; i < 9; ++i) ASSERT_EQ(throttle.reserve("user:a", now), std::nullopt);
  SignInThrottle other(store, ThrottleOptions{10, minutes(15)});
  store.before_next_save([&] { ASSERT_EQ(other.reserve("user:a", now), std::nullopt); });
  EXPECT_TRUE(throttle.reserve("user:a", now).has_value());
  EXPECT_GE(store.conflicts(), 1);
}

TEST_F(ThrottleTest, ConcurrentFirstAttemptsDoNotBothCreateTheRecord) {
  SignInThrottle other(store, ThrottleOptions{2, minutes(15)});
  SignInThrottle mine(store, ThrottleOptions{2, minutes(15)});
  store.before_next_save([&] { ASSERT_EQ(other.reserve("user:z", now), std::nullopt); });
  EXPECT_EQ(mine.reserve("user:z", now), std::nullopt);  // first-write lost, retried on the record
  EXPECT_EQ(store.conflicts(), 1);
  EXPECT_TRUE(mine.reserve("user:z", now).has_value());  // both attempts were counted
}

TEST(ThrottleWindow, PureRules) {
  const ThrottleOptions o{3, minutes(15)};
  const auto t = kStart;
  const std::vector<core::Instant> list = {t + minutes(5), t, t + minutes(20), t - minutes(30), t + minutes(1),
                                           t + minutes(2)};
  const auto kept = attempts_in_window(list, t + minutes(10), o);
  // In the window (t-5min, t+10min]: t, t+1, t+2, t+5, and t+20 from a clock
  // running ahead, counted as t+10. Only the newest 3 matter.
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept.front(), t + minutes(2));
  EXPECT_EQ(kept.back(), t + minutes(10));
  EXPECT_EQ(retry_after_seconds(kept, t + minutes(10), o), 7 * 60);
  EXPECT_EQ(retry_after_seconds({t}, t, o), std::nullopt);
  // Never less than a second.
  EXPECT_EQ(retry_after_seconds({t, t, t}, t + minutes(15) - std::chrono::milliseconds(1), o), 1);
}

}  // namespace
}  // namespace todo::services::gateway
