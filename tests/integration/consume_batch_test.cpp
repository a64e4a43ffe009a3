// Group commit of consumers' effects (db::TransactionBatch) under the
// embedded event log's readers, against real PostgreSQL: a run of events
// shares a transaction, and when an effect or the COMMIT fails, the batch is
// undone and its events are delivered again one by one, so every event's
// effect is applied exactly once and a failure stays with its own event.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <stdexcept>

#include "core/uuid.h"
#include "db/migrations.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "runtime/clock.h"
#include "runtime/consume_once.h"
#include "runtime/eventlog/event_log.h"
#include "test_env.h"

namespace todo::test {
namespace {

using runtime::Delivery;

const core::Instant kStart = core::parse_rfc3339("2026-11-25T10:00:00Z").value();

// What the effect of event n does on its next call.
enum class Step { Apply, Retry, Throw };

class ConsumeBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool = std::make_unique<db::Pool>(db.url(), 8);
    auto conn = pool->acquire();
    db::migrate(*conn, db::embedded_migrations());
    // `key` is checked at COMMIT, so two events of one batch writing the
    // same key make the batch's COMMIT fail, not a statement.
    conn->exec_script(
        "CREATE TABLE batch_effects (event_id text NOT NULL, n int NOT NULL,"
        " key text UNIQUE DEFERRABLE INITIALLY DEFERRED);"
        "CREATE TABLE idempotent_effects (event_id text PRIMARY KEY, n int NOT NULL)");
  }

  // An effect that is its own record of the event (consume_idempotent).
  Delivery idempotent_effect(const core::Event& e, Delivery outcome = Delivery::Success) {
    return runtime::consume_idempotent(*pool, e, [&](db::Transaction& tx) {
      tx.exec_deferred("INSERT INTO idempotent_effects (event_id, n) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                       db::Params(e.id, static_cast<int>(e.data.at("n").as_int64())));
      return outcome;
    });
  }

  runtime::eventlog::LogOptions options(int parallelism, int group_commit) {
    runtime::eventlog::LogOptions o;
    o.group_commit = group_commit;
    o.max_attempts = 4;
    o.retry_base = std::chrono::milliseconds(1000);
    o.poll_interval = std::chrono::milliseconds(60000);  // wake-ups come from commits
    o.parallelism = parallelism;
    return o;
  }

  core::Event event(const std::string& user, int n) {
    const auto task_id = core::new_uuid();
    return core::make_event(core::event_types::kTaskUpdated, user, task_id, kStart,
                            core::EventOrigin{"todo-api", "req-" + std::to_string(n), ""},
                            boost::json::object{{"task_id", task_id}, {"n", n}});
  }

  void publish(runtime::eventlog::EventLog& log, const std::vector<core::Event>& events) {
    auto conn = pool->acquire();
    db::Transaction tx(*conn);
    for (const auto& e : events) log.write(tx, {core::topics::kTaskEvents}, e);
    tx.commit();
  }

  // A reader whose effect inserts (event id, n, key of n) through consume_once.
  std::unique_ptr<runtime::eventlog::EventLog> reader(const runtime::Clock& clock, int parallelism,
                                                      int group_commit = 32) {
    auto log = std::make_unique<runtime::eventlog::EventLog>(*pool, options(parallelism, group_commit), clock);
    log->add_reader(runtime::Subscription{
        std::string(core::topics::kTaskEvents), "batch-test", [this](const core::Event& e) {
          const int n = static_cast<int>(e.data.at("n").as_int64());
          return runtime::consume_once(*pool, "batch-test", e, [&](db::Transaction& tx) {
            switch (next_step(n)) {
              case Step::Retry:
                return Delivery::Retry;
              case Step::Throw:
                throw std::runtime_error("effect failed");
              case Step::Apply:
                break;
            }
            tx.exec("INSERT INTO batch_effects (event_id, n, key) VALUES ($1, $2, $3)",
                    db::Params(e.id, n, key_of(n)));
            return Delivery::Success;
          });
        }});
    return log;
  }

  Step next_step(int n) {
    std::lock_guard lock(mu);
    ++calls[n];
    auto& steps = plan[n];
    if (steps.empty()) return Step::Apply;
    const auto s = steps.front();
    steps.erase(steps.begin());
    return s;
  }
  std::string key_of(int n) {
    std::lock_guard lock(mu);
    auto it = keys.find(n);
    return it == keys.end() ? "k" + std::to_string(n) : it->second;
  }
  int calls_of(int n) {
    std::lock_guard lock(mu);
    return calls[n];
  }

  long long scalar(const std::string& sql) {
    auto conn = pool->acquire();
    return conn->exec(sql).front().int64(0);
  }

  TestDatabase db;
  std::unique_ptr<db::Pool> pool;
  std::mutex mu;
  std::map<int, std::vector<Step>> plan;
  std::map<int, int> calls;
  std::map<int, std::string> keys;  // n -> key (default "k<n>")
};

TEST_F(ConsumeBatchTest, ARunOfEventsSharesOneCommitPerBatch) {
  runtime::ManualClock clock(kStart);
  auto log = reader(clock, 1);
  const auto user = core::new_uuid();
  std::vector<core::Event> events;
  for (int n = 0; n < 64; ++n) events.push_back(event(user, n));
  publish(*log, events);  // before start: the reader sees all 64 in one round
  log->start();
  ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM batch_effects") == 64; }));
  EXPECT_EQ(scalar("SELECT count(DISTINCT n) FROM batch_effects"), 64);
  // xmin: the transaction that wrote the row. 32 events per batch.
  EXPECT_EQ(scalar("SELECT count(DISTINCT xmin::text) FROM batch_effects"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events WHERE consumer = 'batch-test'"), 64);
}

TEST_F(ConsumeBatchTest, AGroupOfOneGivesEveryEventItsOwnTransaction) {
  runtime::ManualClock clock(kStart);
  auto log = reader(clock, 1, /*group_commit=*/1);  // GROUP_COMMIT_SIZE=1
  const auto user = core::new_uuid();
  std::vector<core::Event> events;
  for (int n = 0; n < 8; ++n) events.push_back(event(user, n));
  publish(*log, events);
  log->start();
  ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM batch_effects") == 8; }));
  EXPECT_EQ(scalar("SELECT count(DISTINCT xmin::text) FROM batch_effects"), 8);
}

TEST_F(ConsumeBatchTest, AFailingEffectUndoesItsBatchAndEveryEventIsAppliedOnce) {
  runtime::ManualClock clock(kStart);
  auto log = reader(clock, 1);
  plan[3] = {Step::Retry};  // in the batch: the batch goes, then alone it works
  plan[6] = {Step::Throw};  // the same with an exception, in the next batch
  const auto user = core::new_uuid();
  std::vector<core::Event> events;
  for (int n = 0; n < 10; ++n) events.push_back(event(user, n));
  publish(*log, events);
  log->start();
  ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM batch_effects") == 10; }));
  EXPECT_EQ(scalar("SELECT count(DISTINCT n) FROM batch_effects"), 10);
  // 0-3 ran in a batch that failed at 3, then one by one; 4-6 likewise at 6;
  // 7-9 in a batch that committed.
  for (int n = 0; n <= 6; ++n) EXPECT_EQ(calls_of(n), 2) << "event " << n;
  for (int n = 7; n < 10; ++n) EXPECT_EQ(calls_of(n), 1) << "event " << n;
  EXPECT_EQ(scalar("SELECT count(DISTINCT xmin::text) FROM batch_effects WHERE n >= 7"), 1);
  EXPECT_EQ(scalar("SELECT count(DISTINCT xmin::text) FROM batch_effects WHERE n < 7"), 7);
  EXPECT_EQ(scalar("SELECT count(*) FROM event_delivery_failures"), 0);
}

TEST_F(ConsumeBatchTest, AFailedCommitIsRedoneEventByEventAndTheConflictStaysWithItsEvent) {
  runtime::ManualClock clock(kStart);
  auto log = reader(clock, 1);  // one lane: the three users' events share a batch
  keys[1] = "dup";
  keys[2] = "dup";  // commits after 1 wrote "dup": fails at its own COMMIT
  const std::vector<std::string> users = {core::new_uuid(), core::new_uuid(), core::new_uuid()};
  publish(*log, {event(users[0], 0), event(users[0], 1), event(users[1], 2), event(users[2], 3)});
  log->start();
  // Event 2's failure is recorded once the redo has been through all four.
  ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM event_delivery_failures") == 1; }));
  EXPECT_EQ(scalar("SELECT count(*) FROM batch_effects"), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM batch_effects WHERE n IN (0, 1, 3)"), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events WHERE consumer = 'batch-test'"), 3);
  EXPECT_EQ(scalar("SELECT attempts FROM event_delivery_failures"), 1);
  for (int n = 0; n < 4; ++n) EXPECT_EQ(calls_of(n), 2) << "event " << n;
}

TEST_F(ConsumeBatchTest, AnIdempotentEffectIsItsOwnRecord) {
  const auto user = core::new_uuid();
  const auto first = event(user, 1);
  EXPECT_EQ(idempotent_effect(first), Delivery::Success);
  EXPECT_EQ(idempotent_effect(first), Delivery::Success);  // redelivered: no second effect
  EXPECT_EQ(idempotent_effect(event(user, 2), Delivery::Retry), Delivery::Retry);  // rolled back
  EXPECT_EQ(scalar("SELECT count(*) FROM idempotent_effects"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events"), 0) << "no separate record";
}

TEST_F(ConsumeBatchTest, IdempotentEffectsShareTheBatchAndARetryUndoesIt) {
  const auto user = core::new_uuid();
  const auto a = event(user, 1), b = event(user, 2);
  {
    db::TransactionBatch batch(32);
    db::TransactionBatch::Scope scope(batch, db::TransactionBatch::Joins::Consumers);
    EXPECT_EQ(idempotent_effect(a), Delivery::Success);
    EXPECT_EQ(idempotent_effect(b), Delivery::Success);
    std::string error;
    ASSERT_TRUE(batch.finish(error)) << error;
  }
  EXPECT_EQ(scalar("SELECT count(DISTINCT xmin::text) FROM idempotent_effects"), 1) << "one transaction for both";
  {
    db::TransactionBatch batch(32);
    db::TransactionBatch::Scope scope(batch, db::TransactionBatch::Joins::Consumers);
    EXPECT_EQ(idempotent_effect(event(user, 3)), Delivery::Success);
    EXPECT_EQ(idempotent_effect(event(user, 4), Delivery::Retry), Delivery::Retry);
    std::string error;
    EXPECT_FALSE(batch.finish(error)) << "a retry fails the batch";
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM idempotent_effects"), 2) << "nothing of the failed batch stays";
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events"), 0);
}

}  // namespace
}  // namespace todo::test
