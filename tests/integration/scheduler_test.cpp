// The local Scheduler adapter against real PostgreSQL with an injected clock:
// fires at (never before) the due instant, upsert moves a job, cancel removes
// it, overdue jobs fire after a restart, failures are retried a bounded
// number of times, and a job moved during its delivery is not lost.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <stdexcept>

#include "db/migrations.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "runtime/clock.h"
#include "runtime/local/pg_scheduler.h"
#include "test_env.h"

namespace todo::test {
namespace json = boost::json;
using runtime::Job;
using runtime::JobOutcome;
using runtime::local::PgScheduler;

namespace {

const core::Instant kT0 = core::parse_rfc3339("2026-11-25T10:00:00Z").value();

class Fired {
 public:
  JobOutcome on(const Job& j) {
    std::lock_guard lock(mu_);
    jobs_.push_back(j);
    auto it = fail_.find(j.name);
    if (it != fail_.end() && it->second > 0) {
      --it->second;
      return JobOutcome::Failure;
    }
    return JobOutcome::Success;
  }
  void fail(const std::string& name, int times) {
    std::lock_guard lock(mu_);
    fail_[name] = times;
  }
  size_t count(const std::string& name) {
    std::lock_guard lock(mu_);
    return static_cast<size_t>(std::count_if(jobs_.begin(), jobs_.end(), [&](const Job& j) { return j.name == name; }));
  }
  std::vector<Job> all() {
    std::lock_guard lock(mu_);
    return jobs_;
  }

 private:
  std::mutex mu_;
  std::vector<Job> jobs_;
  std::map<std::string, int> fail_;
};

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = std::make_unique<TestDatabase>();
    pool = std::make_unique<db::Pool>(db->url(), 4);
    auto conn = pool->acquire();
    db::migrate(*conn, db::embedded_migrations());
  }
  long long jobs_in_table() {
    auto conn = pool->acquire();
    return conn->exec("SELECT count(*) FROM scheduled_jobs").front().int64(0);
  }
  std::unique_ptr<PgScheduler> make(const runtime::Clock& clock, Fired& fired) {
    auto s = std::make_unique<PgScheduler>(*pool, runtime::local::SchedulerOptions{}, clock);
    s->handle("test-", [&fired](const Job& j) { return fired.on(j); });
    return s;
  }

  std::unique_ptr<TestDatabase> db;
  std::unique_ptr<db::Pool> pool;
};

}  // namespace

TEST_F(SchedulerTest, FiresAtTheDueInstantNotBefore) {
  runtime::ManualClock clock(kT0);
  Fired fired;
  auto s = make(clock, fired);
  s->start();
  s->schedule("test-a", kT0 + std::chrono::seconds(10), json::object{{"x", 1}});
  s->schedule("test-now", kT0, json::object{});  // due now: fires at once
  ASSERT_TRUE(wait_until([&] { return fired.count("test-now") == 1; }));
  EXPECT_EQ(fired.count("test-a"), 0u);  // the scheduler ran and left the future job alone
  clock.advance(std::chrono::milliseconds(9999));
  s->schedule("test-marker", clock.now(), json::object{});
  ASSERT_TRUE(wait_until([&] { return fired.count("test-marker") == 1; }));
  EXPECT_EQ(fired.count("test-a"), 0u);  // 1 ms early is still too early
  clock.advance(std::chrono::milliseconds(1));
  ASSERT_TRUE(wait_until([&] { return fired.count("test-a") == 1; }));
  const auto jobs = fired.all();
  const auto a = std::find_if(jobs.begin(), jobs.end(), [](const Job& j) { return j.name == "test-a"; });
  EXPECT_EQ(a->data, (json::value{{"x", 1}}));
  EXPECT_EQ(a->due, kT0 + std::chrono::seconds(10));
  EXPECT_TRUE(wait_until([&] { return jobs_in_table() == 0; }));  // delivered jobs are gone
}

TEST_F(SchedulerTest, ScheduleAgainMovesAndCancelRemoves) {
  runtime::ManualClock clock(kT0);
  Fired fired;
  auto s = make(clock, fired);
  s->start();
  s->schedule("test-move", kT0 + std::chrono::seconds(5), json::object{{"v", 1}});
  s->schedule("test-move", kT0 + std::chrono::seconds(20), json::object{{"v", 2}});
  s->schedule("test-cancel", kT0 + std::chrono::seconds(5), json::object{});
  s->cancel("test-cancel");
  clock.advance(std::chrono::seconds(6));
  s->schedule("test-marker", clock.now(), json::object{});
  ASSERT_TRUE(wait_until([&] { return fired.count("test-marker") == 1; }));
  EXPECT_EQ(fired.count("test-move"), 0u);
  EXPECT_EQ(fired.count("test-cancel"), 0u);
  clock.advance(std::chrono::seconds(14));
  ASSERT_TRUE(wait_until([&] { return fired.count("test-move") == 1; }));
  EXPECT_EQ(fired.all().back().data, (json::value{{"v", 2}}));
}

TEST_F(SchedulerTest, TransactionalScheduleExistsOnlyIfCommitted) {
  runtime::ManualClock clock(kT0);
  Fired fired;
  auto s = make(clock, fired);
  s->start();
  {
    auto conn = pool->acquire();
    db::Transaction tx(*conn);
    s->schedule(tx, "test-rolled-back", kT0, json::object{});
  }
  {
    auto conn = pool->acquire();
    db::Transaction tx(*conn);
    s->schedule(tx, "test-committed", kT0, json::object{});
    tx.commit();
  }
  ASSERT_TRUE(wait_until([&] { return fired.count("test-committed") == 1; }));
  EXPECT_EQ(fired.count("test-rolled-back"), 0u);
}

TEST_F(SchedulerTest, OverdueJobsFireAfterARestartOnce) {
  runtime::ManualClock clock(kT0);
  Fired fired;
  {
    auto s = make(clock, fired);
    s->schedule("test-overdue", kT0 + std::chrono::seconds(1), json::object{});
    // Not started: the process "was down" when the job became due.
  }
  clock.advance(std::chrono::hours(1));
  auto s = make(clock, fired);
  s->start();
  ASSERT_TRUE(wait_until([&] { return fired.count("test-overdue") == 1; }));
  s->stop();
  auto again = make(clock, fired);
  again->start();
  again->schedule("test-marker", clock.now(), json::object{});
  ASSERT_TRUE(wait_until([&] { return fired.count("test-marker") == 1; }));
  EXPECT_EQ(fired.count("test-overdue"), 1u);
}

TEST_F(SchedulerTest, FailuresAreRetriedAfterASecondThenDropped) {
  runtime::ManualClock clock(kT0);
  Fired fired;
  fired.fail("test-flaky", 2);
  fired.fail("test-broken", 100);
  auto s = make(clock, fired);
  s->start();
  s->schedule("test-flaky", kT0, json::object{});
  s->schedule("test-broken", kT0, json::object{});
  ASSERT_TRUE(wait_until([&] { return fired.count("test-flaky") == 1 && fired.count("test-broken") == 1; }));
  clock.advance(std::chrono::seconds(1));
  ASSERT_TRUE(wait_until([&] { return fired.count("test-flaky") == 2 && fired.count("test-broken") == 2; }));
  clock.advance(std::chrono::seconds(1));
  ASSERT_TRUE(wait_until([&] { return fired.count("test-flaky") == 3 && fired.count("test-broken") == 3; }));
  clock.advance(std::chrono::seconds(1));
  ASSERT_TRUE(wait_until([&] { return fired.count("test-broken") == 4; }));
  ASSERT_TRUE(wait_until([&] { return jobs_in_table() == 0; }));  // flaky succeeded, broken was dropped
  clock.advance(std::chrono::seconds(1));
  s->schedule("test-marker", clock.now(), json::object{});
  ASSERT_TRUE(wait_until([&] { return fired.count("test-marker") == 1; }));
  EXPECT_EQ(fired.count("test-flaky"), 3u);   // failed twice, then succeeded
  EXPECT_EQ(fired.count("test-broken"), 4u);  // 1 + 3 retries, then dropped
  EXPECT_TRUE(wait_until([&] { return jobs_in_table() == 0; }));
}

TEST_F(SchedulerTest, AJobMovedWhileBeingDeliveredIsKept) {
  runtime::ManualClock clock(kT0);
  std::atomic<int> calls{0};
  std::unique_ptr<PgScheduler> s;
  s = std::make_unique<PgScheduler>(*pool, runtime::local::SchedulerOptions{}, clock);
  s->handle("test-", [&](const Job& j) {
    if (j.name == "test-self" && calls++ == 0) {
      // Rescheduled by its own handler (like the sweep does): the new version stays.
      s->schedule("test-self", kT0 + std::chrono::seconds(60), json::object{{"again", true}});
    }
    return JobOutcome::Success;
  });
  s->start();
  s->schedule("test-self", kT0, json::object{});
  ASSERT_TRUE(wait_until([&] { return calls.load() == 1; }));
  ASSERT_TRUE(wait_until([&] { return jobs_in_table() == 1; }));
  clock.advance(std::chrono::seconds(60));
  ASSERT_TRUE(wait_until([&] { return calls.load() == 2; }));
}

TEST_F(SchedulerTest, OnlyJobsWithAHandlerHereAreTaken) {
  runtime::ManualClock clock(kT0);
  Fired fired;
  auto s = make(clock, fired);
  s->start();
  s->schedule("other-service-job", kT0, json::object{});
  s->schedule("test-mine", kT0, json::object{});
  ASSERT_TRUE(wait_until([&] { return fired.count("test-mine") == 1; }));
  EXPECT_EQ(fired.count("other-service-job"), 0u);
  auto conn = pool->acquire();
  EXPECT_EQ(conn->exec("SELECT attempts FROM scheduled_jobs WHERE name = 'other-service-job'").front().int64(0), 0);
}

// Jobs due together do not wait for each other's handlers: a thousand
// reminders due in the same second were delivered one commit at a time.
// Each handler here waits (bounded) until another one is running beside it.
TEST_F(SchedulerTest, JobsDueTogetherAreDeliveredConcurrentlyEachOnce) {
  runtime::ManualClock clock(kT0);
  std::mutex mu;
  std::condition_variable cv;
  int running = 0, most = 0;
  std::map<std::string, int> calls;
  auto s = std::make_unique<PgScheduler>(*pool, runtime::local::SchedulerOptions{.concurrency = 3}, clock);
  s->handle("test-", [&](const Job& j) {
    std::unique_lock lock(mu);
    ++calls[j.name];
    most = std::max(most, ++running);
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(2), [&] { return running >= 2; });
    --running;
    return JobOutcome::Success;
  });
  {
    auto conn = pool->acquire();
    db::Transaction tx(*conn);
    for (int i = 0; i < 12; ++i) s->schedule(tx, "test-" + std::to_string(i), kT0, json::object{});
    tx.commit();
  }
  s->start();
  ASSERT_TRUE(wait_until([&] { return jobs_in_table() == 0; }));
  std::lock_guard lock(mu);
  EXPECT_GE(most, 2);
  EXPECT_LE(most, 3);  // never more than `concurrency`
  EXPECT_EQ(calls.size(), 12u);
  for (const auto& [name, n] : calls) EXPECT_EQ(n, 1) << name;
}

TEST_F(SchedulerTest, JobTransactionsShareACommitAndAFailingJobRunsAlone) {
  runtime::ManualClock clock(kT0);
  {
    auto conn = pool->acquire();
    conn->exec_script("CREATE TABLE job_effects (name text NOT NULL)");
  }
  std::mutex mu;
  std::map<std::string, int> calls;
  // One delivery thread: its jobs run in order, in batches of 32.
  auto s = std::make_unique<PgScheduler>(*pool, runtime::local::SchedulerOptions{.concurrency = 1}, clock);
  s->handle("test-", [&](const Job& j) {
    return db::in_transaction(*pool, [&](db::Transaction& tx) {
      tx.exec("INSERT INTO job_effects (name) VALUES ($1)", db::Params(j.name));
      std::lock_guard lock(mu);
      if (++calls[j.name] == 1 && j.name == "test-3") throw std::runtime_error("first attempt fails");
      return JobOutcome::Success;
    });
  });
  {
    auto conn = pool->acquire();
    db::Transaction tx(*conn);
    // Due one after another, so they are claimed and delivered in this order.
    for (int i = 0; i < 10; ++i)
      s->schedule(tx, "test-" + std::to_string(i), kT0 - std::chrono::seconds(10) + std::chrono::milliseconds(i),
                  json::object{});
    tx.commit();
  }
  s->start();
  ASSERT_TRUE(wait_until([&] { return jobs_in_table() == 0; }));
  auto conn = pool->acquire();
  EXPECT_EQ(conn->exec("SELECT count(*) FROM job_effects").front().int64(0), 10);
  EXPECT_EQ(conn->exec("SELECT count(DISTINCT name) FROM job_effects").front().int64(0), 10);
  // 0-3 shared a batch that test-3 failed, then ran one by one (4
  // transactions); 4-9 shared one.
  EXPECT_EQ(conn->exec("SELECT count(DISTINCT xmin::text) FROM job_effects").front().int64(0), 5);
  std::lock_guard lock(mu);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(calls["test-" + std::to_string(i)], i <= 3 ? 2 : 1) << i;
}

}  // namespace todo::test
