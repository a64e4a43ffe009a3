// PgNotifier (runtime/eventlog) against real PostgreSQL: two notifiers on one
// channel stand for two processes (each has its own connection, so its own
// backend). A notification reaches the other process, never comes back to
// its sender, and a topic notified while NOTIFYs are rationed is sent late,
// never dropped.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <string>

#include "runtime/eventlog/pg_notifier.h"
#include "test_env.h"

namespace todo::test {
namespace {

using runtime::eventlog::PgNotifier;

// What one notifier handed to its on_wake, by topic.
class Wakes {
 public:
  void add(std::string_view topic) {
    std::lock_guard lock(mu_);
    ++count_[std::string(topic)];
  }
  int count(const std::string& topic) {
    std::lock_guard lock(mu_);
    return count_[topic];
  }

 private:
  std::mutex mu_;
  std::map<std::string, int> count_;
};

class PgNotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto* w : {&a_wakes, &b_wakes}) {
      auto n = std::make_unique<PgNotifier>(db.url(), [w](std::string_view topic) { w->add(topic); }, "notifier_test");
      n->start();
      (w == &a_wakes ? a : b) = std::move(n);
    }
    // "*" comes once each is listening; a NOTIFY before that would be missed.
    ASSERT_TRUE(wait_until([&] { return a_wakes.count("*") > 0 && b_wakes.count("*") > 0; }));
  }

  TestDatabase db;
  Wakes a_wakes, b_wakes;
  std::unique_ptr<PgNotifier> a, b;
};

TEST_F(PgNotifierTest, ReachesTheOtherProcessAndNotItsSender) {
  a->notify("from-a");
  ASSERT_TRUE(wait_until([&] { return b_wakes.count("from-a") == 1; }));
  // PostgreSQL delivers in commit order: once A has B's later notification,
  // its own earlier one would have arrived before it.
  b->notify("from-b");
  ASSERT_TRUE(wait_until([&] { return a_wakes.count("from-b") == 1; }));
  EXPECT_EQ(a_wakes.count("from-a"), 0);
  EXPECT_EQ(b_wakes.count("from-b"), 0);
}

TEST_F(PgNotifierTest, ATopicNotifiedRightAfterItWasSentIsSentAgainLater) {
  a->notify("topic");
  ASSERT_TRUE(wait_until([&] { return b_wakes.count("topic") == 1; }));
  a->notify("topic");  // within kMinInterval of the first NOTIFY: deferred
  EXPECT_TRUE(wait_until([&] { return b_wakes.count("topic") == 2; }));
}

TEST_F(PgNotifierTest, ABurstOfOneTopicIsCoalesced) {
  for (int i = 0; i < 500; ++i) a->notify("burst");
  a->notify("marker");  // sent no earlier than the burst's last NOTIFY
  ASSERT_TRUE(wait_until([&] { return b_wakes.count("marker") == 1; }));
  EXPECT_GE(b_wakes.count("burst"), 1);
  EXPECT_LE(b_wakes.count("burst"), 2);
}

}  // namespace
}  // namespace todo::test
