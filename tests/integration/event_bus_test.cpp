// The event log (runtime/eventlog) and its readers against real PostgreSQL,
// in process, with an injected clock: order, effectively-once delivery,
// retries with backoff, dead letters and replay, gaps from concurrent and
// rolled-back transactions, competing and broadcast subscribers, producer
// filters, retention. The embedded EventBus is a thin layer on it.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <mutex>

#include "core/uuid.h"
#include "db/migrations.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "runtime/clock.h"
#include "fake_ports.h"
#include "runtime/eventlog/dead_letters.h"
#include "runtime/eventlog/event_log.h"
#include "runtime/eventlog/intents.h"
#include "runtime/local/local_event_bus.h"
#include "runtime/typed_handler.h"
#include "services/audit-service/audit_service.h"
#include "test_env.h"

namespace todo::test {
namespace json = boost::json;
using runtime::Delivery;
using BusOptions = runtime::eventlog::LogOptions;
using LocalEventBus = runtime::eventlog::EventLog;

namespace {

const core::Instant kStart = core::parse_rfc3339("2026-11-25T10:00:00Z").value();

// Records deliveries and decides outcomes per event id.
class Recorder {
 public:
  Delivery deliver(const core::Event& e) {
    std::lock_guard lock(mu_);
    ++count_[e.id];
    order_.push_back(e.id);
    auto it = plan_.find(e.id);
    if (it != plan_.end() && !it->second.empty()) {
      const auto outcome = it->second.front();
      it->second.erase(it->second.begin());
      return outcome;
    }
    return Delivery::Success;
  }
  void plan(const std::string& id, std::vector<Delivery> outcomes) {
    std::lock_guard lock(mu_);
    plan_[id] = std::move(outcomes);
  }
  int count(const std::string& id) {
    std::lock_guard lock(mu_);
    return count_[id];
  }
  std::vector<std::string> order() {
    std::lock_guard lock(mu_);
    return order_;
  }
  size_t total() {
    std::lock_guard lock(mu_);
    return order_.size();
  }

 private:
  std::mutex mu_;
  std::map<std::string, int> count_;
  std::map<std::string, std::vector<Delivery>> plan_;
  std::vector<std::string> order_;
};

runtime::Subscription subscription(Recorder& r, std::string name = "audit-service") {
  return runtime::Subscription{std::string(core::topics::kTaskEvents), std::move(name),
                               [&r](const core::Event& e) { return r.deliver(e); }};
}

class EventBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = std::make_unique<TestDatabase>();
    pool = std::make_unique<db::Pool>(db->url(), 4);
    auto conn = pool->acquire();
    db::migrate(*conn, db::embedded_migrations());
  }

  BusOptions options() {
    BusOptions o;
    o.max_attempts = 4;
    o.retry_base = std::chrono::milliseconds(1000);
    o.retry_max = std::chrono::milliseconds(60000);
    o.poll_interval = std::chrono::milliseconds(60000);  // wake-ups must come from commits
    return o;
  }

  core::Event event(const std::string& user, int n = 0) {
    const auto task_id = core::new_uuid();
    return core::make_event(core::event_types::kTaskUpdated, user, task_id, kStart,
                            core::EventOrigin{"todo-api", "req-" + std::to_string(n), ""},
                            json::object{{"task_id", task_id}, {"n", n}});
  }

  void publish(LocalEventBus& bus, const core::Event& e) {
    auto conn = pool->acquire();
    db::Transaction tx(*conn);
    bus.write(tx, {core::topics::kTaskEvents}, e);
    tx.commit();
  }

  // A bus with `rec` subscribed to task-events as audit-service, started.
  std::unique_ptr<LocalEventBus> started_bus(const runtime::Clock& clock, Recorder& rec, BusOptions opts) {
    auto bus = std::make_unique<LocalEventBus>(*pool, opts, clock);
    bus->add_reader(subscription(rec));
    bus->start();
    return bus;
  }
  std::unique_ptr<LocalEventBus> started_bus(const runtime::Clock& clock, Recorder& rec) {
    return started_bus(clock, rec, options());
  }

  long long scalar(const std::string& sql, const db::Params& p = db::Params{}) {
    auto conn = pool->acquire();
    return conn->exec(sql, p).front().int64(0);
  }

  std::unique_ptr<TestDatabase> db;
  std::unique_ptr<db::Pool> pool;
};

}  // namespace

TEST_F(EventBusTest, DeliversEveryCommittedEventOnceInPerUserOrder) {
  runtime::ManualClock clock(kStart);
  Recorder rec;
  auto bus_ptr = started_bus(clock, rec);
  auto& bus = *bus_ptr;
  const std::vector<std::string> users = {core::new_uuid(), core::new_uuid(), core::new_uuid()};
  std::map<std::string, std::vector<std::string>> published;  // user -> ids in order
  for (int i = 0; i < 150; ++i) {
    const auto& user = users[static_cast<size_t>(i) % users.size()];
    const auto e = event(user, i);
    published[user].push_back(e.id);
    publish(bus, e);
  }
  ASSERT_TRUE(wait_until([&] { return rec.total() >= 150; }));
  const auto order = rec.order();
  EXPECT_EQ(order.size(), 150u);
  for (const auto& [user, ids] : published) {
    std::vector<std::string> seen;
    for (const auto& id : order)
      if (std::find(ids.begin(), ids.end(), id) != ids.end()) seen.push_back(id);
    EXPECT_EQ(seen, ids) << "order of user " << user;
  }
  for (const auto& [user, ids] : published)
    for (const auto& id : ids) EXPECT_EQ(rec.count(id), 1);
  EXPECT_TRUE(wait_until([&] {
    return scalar("SELECT cursor_seq FROM event_subscriptions WHERE subscriber = 'audit-service'") ==
           scalar("SELECT max(seq) FROM event_log WHERE topic = 'task-events'");
  }));
}

TEST_F(EventBusTest, ForcedRedeliveryHasNoSecondEffect) {
  runtime::SystemClock clock;
  auth::JwtCodec jwt("unused-secret-0123456789abcdef0123456789");
  {
    LocalEventBus bus(*pool, options(), clock);
    runtime::local::LocalEventBus port(bus);
    FakeScheduler scheduler;
    FakeInvoker invoker;
    FakeStateStore state([&] { return clock.now(); });
    services::ServiceContext ctx{*pool, port, jwt, clock, invoker, scheduler, state};
    services::audit::AuditService audit(ctx);
    audit.subscribe(port);
    bus.start();
    const auto user = core::new_uuid();
    for (int i = 0; i < 20; ++i) publish(bus, event(user, i));
    ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM audit_log") == 20; }));
  }
  // Rewind the subscriber: every event is delivered again.
  {
    auto conn = pool->acquire();
    conn->exec("UPDATE event_subscriptions SET cursor_seq = 0");
  }
  std::atomic<int> redelivered{0};
  LocalEventBus bus(*pool, options(), clock);
  runtime::local::LocalEventBus port(bus);
  FakeScheduler scheduler;
  FakeInvoker invoker;
  FakeStateStore state([&] { return clock.now(); });
  services::ServiceContext ctx{*pool, port, jwt, clock, invoker, scheduler, state};
  services::audit::AuditService audit(ctx);
  const auto record = runtime::typed<core::EventHeader>(
      "audit-service", [&](const core::EventHeader& h, const core::Event& e) { return audit.consumer().on_task_event(h, e); });
  bus.add_reader(runtime::Subscription{std::string(core::topics::kTaskEvents), "audit-service",
                                       [&](const core::Event& e) {
                                         ++redelivered;
                                         return record(e);
                                       }});
  bus.start();
  ASSERT_TRUE(wait_until([&] { return redelivered.load() == 20; }));
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log"), 20);
  EXPECT_EQ(scalar("SELECT count(DISTINCT event_id) FROM audit_log"), 20);
}

TEST_F(EventBusTest, FailingTwiceThenSucceedingBacksOffOnTheClockAndHoldsTheUser) {
  runtime::ManualClock clock(kStart);
  Recorder rec;
  auto bus_ptr = started_bus(clock, rec);
  auto& bus = *bus_ptr;
  const auto user = core::new_uuid();
  const auto flaky = event(user, 1);
  const auto after = event(user, 2);  // same user: must wait for `flaky`
  rec.plan(flaky.id, {Delivery::Retry, Delivery::Retry});
  publish(bus, flaky);
  publish(bus, after);
  ASSERT_TRUE(wait_until([&] { return rec.count(flaky.id) == 1; }));

  // Another user's event flows while `flaky` waits; once it is delivered we
  // know the dispatcher ran again without retrying early.
  const auto other = event(core::new_uuid(), 3);
  publish(bus, other);
  ASSERT_TRUE(wait_until([&] { return rec.count(other.id) == 1; }));
  EXPECT_EQ(rec.count(flaky.id), 1);
  EXPECT_EQ(rec.count(after.id), 0);
  // The stored retry state, once the failure of attempt `n` is recorded.
  auto attempt_delay = [&](long long n) {
    std::pair<long long, core::Millis> out{0, core::Millis{0}};
    EXPECT_TRUE(wait_until([&] {
      auto conn = pool->acquire();
      const auto rows = conn->exec("SELECT attempts, next_attempt_at FROM event_delivery_failures");
      if (rows.empty() || rows.front().int64(0) != n) return false;
      out = {rows.front().int64(0), rows.front().instant(1) - clock.now()};
      return true;
    })) << "attempt " << n << " was not recorded";
    return out;
  };
  auto [attempts, delay] = attempt_delay(1);
  EXPECT_EQ(attempts, 1);
  EXPECT_GE(delay, std::chrono::milliseconds(500));  // jitter in [base/2, base]
  EXPECT_LE(delay, std::chrono::milliseconds(1000));

  clock.advance(delay);
  ASSERT_TRUE(wait_until([&] { return rec.count(flaky.id) == 2; }));
  std::tie(attempts, delay) = attempt_delay(2);
  EXPECT_EQ(attempts, 2);
  EXPECT_GE(delay, std::chrono::milliseconds(1000));  // doubled
  EXPECT_LE(delay, std::chrono::milliseconds(2000));
  EXPECT_EQ(rec.count(after.id), 0);

  clock.advance(delay);
  ASSERT_TRUE(wait_until([&] { return rec.count(after.id) == 1; }));
  EXPECT_EQ(rec.count(flaky.id), 3);
  // The retry state goes with the commit that follows the handler, which
  // may come a moment after `after` was handed over.
  EXPECT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM event_delivery_failures") == 0; }));
  const auto order = rec.order();
  EXPECT_LT(std::find(order.begin(), order.end(), flaky.id) - order.begin(),
            std::find(order.begin(), order.end(), after.id) - order.begin());
  EXPECT_EQ(order.back(), after.id);  // `after` waited for the retries of `flaky`
}

TEST_F(EventBusTest, PoisonEventIsDeadLetteredThenReplayedOnce) {
  runtime::ManualClock clock(kStart);
  Recorder rec;
  auto opts = options();
  opts.max_attempts = 3;
  auto bus_ptr = started_bus(clock, rec, opts);
  auto& bus = *bus_ptr;
  const auto user = core::new_uuid();
  const auto poison = event(user, 1);
  const auto later = event(user, 2);
  rec.plan(poison.id, {Delivery::Retry, Delivery::Retry, Delivery::Retry});
  publish(bus, poison);
  publish(bus, later);
  ASSERT_TRUE(wait_until([&] { return rec.count(poison.id) == 1; }));
  // The retry is due a backoff after the failure is recorded, a moment
  // after the handler returned: advance the clock until the next attempt
  // comes (advancing once could land before that moment, and the retry
  // would wait for a clock that no longer moves).
  for (int attempt = 2; attempt <= 3; ++attempt)
    ASSERT_TRUE(wait_until([&] {
      clock.advance(std::chrono::milliseconds(60000));
      return rec.count(poison.id) == attempt;
    })) << attempt;
  // After the third failed attempt the stream moves on.
  ASSERT_TRUE(wait_until([&] { return rec.count(later.id) == 1; }));
  EXPECT_EQ(rec.count(poison.id), 3);
  ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM event_dead_letters") == 1; }));
  db::Connection conn(db->url());
  runtime::eventlog::DeadLetters letters(conn);
  const auto items = letters.list(std::nullopt);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].event_id, poison.id);
  EXPECT_EQ(items[0].subscriber, "audit-service");
  EXPECT_EQ(items[0].attempts, 3);
  EXPECT_EQ(items[0].status, "dead");
  EXPECT_FALSE(items[0].last_error.empty());
  // More events keep flowing while the letter waits.
  const auto more = event(user, 3);
  publish(bus, more);
  ASSERT_TRUE(wait_until([&] { return rec.count(more.id) == 1; }));

  // "Fixed": the next delivery succeeds. Replay delivers it exactly once.
  EXPECT_EQ(letters.request_replay(items[0].id), 1);
  ASSERT_TRUE(wait_until([&] { return letters.get(items[0].id)->status == "replayed"; }));
  EXPECT_EQ(rec.count(poison.id), 4);  // 3 failed attempts and the replay
  EXPECT_EQ(letters.request_replay(items[0].id), 0);  // nothing left to replay
  EXPECT_EQ(letters.list(std::nullopt).size(), 0u);
  EXPECT_EQ(letters.list(std::nullopt, /*all=*/true).size(), 1u);
}

TEST_F(EventBusTest, DropGoesStraightToTheDeadLetters) {
  runtime::ManualClock clock(kStart);
  Recorder rec;
  auto bus_ptr = started_bus(clock, rec);
  auto& bus = *bus_ptr;
  const auto bad = event(core::new_uuid(), 1);
  rec.plan(bad.id, {Delivery::Drop});
  publish(bus, bad);
  ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM event_dead_letters") == 1; }));
  EXPECT_EQ(rec.count(bad.id), 1);
}

TEST_F(EventBusTest, UnparseablePayloadIsDeadLetteredNotRetried) {
  runtime::ManualClock clock(kStart);
  Recorder rec;
  auto bus_ptr = started_bus(clock, rec);
  auto& bus = *bus_ptr;
  {
    auto conn = pool->acquire();
    conn->exec("INSERT INTO event_log (topic, id, event_type, partition_key, payload) VALUES"
               " ('task-events', $1, 'task.updated', 'u', 'not json')",
               db::Params(core::new_uuid()));
    conn->exec("NOTIFY todo_events, 'task-events'");
  }
  const auto good = event(core::new_uuid(), 2);
  publish(bus, good);
  ASSERT_TRUE(wait_until([&] { return rec.count(good.id) == 1; }));
  // Bookkeeping follows the deliveries of a round.
  EXPECT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM event_dead_letters") == 1; }));
  EXPECT_EQ(rec.total(), 1u);
}

// A later seq can commit before an earlier one; the earlier one is still
// delivered, and the cursor does not pass it before it is.
TEST_F(EventBusTest, OutOfOrderCommitsAreNeverSkipped) {
  runtime::ManualClock clock(kStart);
  Recorder rec;
  auto bus_ptr = started_bus(clock, rec);
  auto& bus = *bus_ptr;
  const auto early = event(core::new_uuid(), 1);
  const auto late = event(core::new_uuid(), 2);
  auto held = pool->acquire();
  auto tx = std::make_unique<db::Transaction>(*held);
  bus.write(*tx, {core::topics::kTaskEvents}, early);  // deferred: goes out with the next statement
  tx->exec("SELECT 1");                                 // sent: draws the lower seq, not committed
  publish(bus, late);                                   // higher seq, committed first
  ASSERT_TRUE(wait_until([&] { return rec.count(late.id) == 1; }));
  const auto early_seq = scalar("SELECT seq FROM event_log WHERE id = $1", db::Params(late.id)) - 1;
  EXPECT_LT(scalar("SELECT cursor_seq FROM event_subscriptions"), early_seq + 1);
  tx->commit();
  tx.reset();
  ASSERT_TRUE(wait_until([&] { return rec.count(early.id) == 1; }));
  EXPECT_TRUE(wait_until([&] {
    return scalar("SELECT cursor_seq FROM event_subscriptions") ==
           scalar("SELECT seq FROM event_log WHERE id = $1", db::Params(late.id));
  }));
}

// The writer of the missing seq holds the newest xid, above every completed
// one (so at or above any snapshot's xmax): its event must still arrive.
// (An earlier gap rule based on xmax skipped exactly this case.)
TEST_F(EventBusTest, WriterWithTheNewestXidIsNotSkipped) {
  runtime::ManualClock clock(kStart);
  Recorder rec;
  const auto bus = started_bus(clock, rec);
  ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM event_subscriptions") == 1; }));
  const auto held = event(core::new_uuid(), 1);
  const auto first = event(core::new_uuid(), 2);
  // Written without the bus's wake-ups (no NOTIFY transactions in between);
  // rounds are driven by the clock instead.
  auto s_conn = pool->acquire();
  auto h_conn = pool->acquire();
  auto s_tx = std::make_unique<db::Transaction>(*s_conn);
  s_tx->exec("SELECT pg_current_xact_id()");  // S takes the older xid
  auto h_tx = std::make_unique<db::Transaction>(*h_conn);
  h_tx->exec("SELECT pg_current_xact_id()");  // H takes the newer one ...
  LocalEventBus writer(*pool, options(), clock);  // never started: no wake-ups, no NOTIFY
  writer.write(*h_tx, {core::topics::kTaskEvents}, held);   // ... and the lower seq
  h_tx->exec("SELECT 1");                                   // (the deferred write is sent now)
  writer.write(*s_tx, {core::topics::kTaskEvents}, first);  // S: the higher seq
  s_tx->commit();  // now no completed xid is above S's: a snapshot's xmax is H's xid
  ASSERT_TRUE(wait_until([&] {
    clock.advance(std::chrono::milliseconds(1));  // a round
    return rec.count(first.id) == 1;
  }));
  // More rounds while H is open. A wrong gap rule passes the cursor beyond
  // H's seq here (and the wait ends early); the right one never does.
  const bool passed = wait_until(
      [&] {
        clock.advance(std::chrono::milliseconds(1));
        return scalar("SELECT cursor_seq FROM event_subscriptions") >= 2;
      },
      std::chrono::seconds(1));
  EXPECT_FALSE(passed) << "the cursor passed a seq an open transaction holds";
  h_tx->commit();
  EXPECT_TRUE(wait_until([&] {
    clock.advance(std::chrono::milliseconds(1));
    return rec.count(held.id) == 1;
  })) << "the event of the newest xid was skipped";
}

TEST_F(EventBusTest, RolledBackSeqIsPassedOnceNoTransactionCanFillIt) {
  runtime::ManualClock clock(kStart);
  Recorder rec;
  auto bus_ptr = started_bus(clock, rec);
  auto& bus = *bus_ptr;
  {
    auto conn = pool->acquire();
    db::Transaction tx(*conn);
    bus.write(tx, {core::topics::kTaskEvents}, event(core::new_uuid(), 1));
    tx.exec("SELECT 1");  // the deferred write is sent: its seq is drawn
    // rolled back
  }
  const auto e = event(core::new_uuid(), 2);
  publish(bus, e);
  ASSERT_TRUE(wait_until([&] { return rec.count(e.id) == 1; }));
  const auto seq = scalar("SELECT seq FROM event_log WHERE id = $1", db::Params(e.id));
  // Commits wake the dispatcher; once every transaction that was running
  // when the hole appeared has ended (cluster-wide), it is known empty and
  // the cursor passes it.
  int n = 0;
  EXPECT_TRUE(wait_until([&] {
    const auto more = event(core::new_uuid(), 100 + n++);
    publish(bus, more);
    return wait_until([&] { return rec.count(more.id) == 1; }) &&
           scalar("SELECT cursor_seq FROM event_subscriptions") >= seq + 1;
  }));
  EXPECT_EQ(rec.total(), 1u + static_cast<size_t>(n));  // the rolled-back event never arrived
}

TEST_F(EventBusTest, CompetingSubscribersShareOnePositionAndFailOver) {
  runtime::SystemClock clock;
  auto opts = options();
  opts.poll_interval = std::chrono::milliseconds(50);  // how fast a standby notices the leader is gone
  Recorder first, second;
  auto bus1 = std::make_unique<LocalEventBus>(*pool, opts, clock);
  bus1->add_reader(subscription(first));
  bus1->start();
  ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM event_subscriptions") == 1; }));
  LocalEventBus bus2(*pool, opts, clock);
  bus2.add_reader(subscription(second));
  bus2.start();
  const auto user = core::new_uuid();
  for (int i = 0; i < 30; ++i) publish(bus2, event(user, i));
  ASSERT_TRUE(wait_until([&] { return first.total() == 30; }));
  EXPECT_EQ(second.total(), 0u);  // the standby delivered nothing

  bus1->stop();
  bus1.reset();  // its connection (and advisory lock) goes away
  for (int i = 0; i < 10; ++i) publish(bus2, event(user, 100 + i));
  ASSERT_TRUE(wait_until([&] { return second.total() == 10; }));
  EXPECT_EQ(first.total(), 30u);
}

TEST_F(EventBusTest, BroadcastSubscribersEachGetEveryNewEvent) {
  runtime::ManualClock clock(kStart);
  Recorder r1, r2;
  LocalEventBus bus1(*pool, options(), clock), bus2(*pool, options(), clock);
  auto s1 = subscription(r1, "websocket-service");
  s1.mode = runtime::Subscription::Mode::Broadcast;
  auto s2 = subscription(r2, "websocket-service");
  s2.mode = runtime::Subscription::Mode::Broadcast;
  bus1.add_reader(s1);
  bus2.add_reader(s2);
  bus1.start();
  bus2.start();
  // Both are live once an event published now reaches both.
  const auto user = core::new_uuid();
  ASSERT_TRUE(wait_until(
      [&] {
        publish(bus1, event(user));
        return r1.total() > 0 && r2.total() > 0;
      },
      std::chrono::seconds(10)))
      << "r1=" << r1.total() << " r2=" << r2.total();
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    const auto e = event(user, i);
    ids.push_back(e.id);
    publish(bus1, e);
  }
  auto all_once = [&](Recorder& r) {
    return std::all_of(ids.begin(), ids.end(), [&](const std::string& id) { return r.count(id) == 1; });
  };
  EXPECT_TRUE(wait_until([&] { return all_once(r1) && all_once(r2); }));
  EXPECT_EQ(scalar("SELECT count(*) FROM event_subscriptions"), 0);  // nothing durable
}

TEST_F(EventBusTest, PruningKeepsWhatADurableSubscriberStillNeeds) {
  runtime::SystemClock clock;
  auto opts = options();
  opts.retention = std::chrono::seconds(0);
  Recorder rec;
  auto bus_ptr = started_bus(clock, rec, opts);
  auto& bus = *bus_ptr;
  for (int i = 0; i < 10; ++i) publish(bus, event(core::new_uuid(), i));
  ASSERT_TRUE(wait_until([&] { return rec.total() == 10; }));
  ASSERT_TRUE(wait_until([&] {
    return scalar("SELECT cursor_seq FROM event_subscriptions") ==
           scalar("SELECT max(seq) FROM event_log WHERE topic = 'task-events'");
  }));
  // A second durable subscriber that has consumed nothing holds the rows.
  {
    auto conn = pool->acquire();
    conn->exec("INSERT INTO event_subscriptions (subscriber, topic, cursor_seq) VALUES ('lagging', 'task-events', 4)");
  }
  const long long removed = bus.prune();
  EXPECT_EQ(removed, 4);
  EXPECT_EQ(scalar("SELECT count(*) FROM event_log WHERE topic = 'task-events'"), 6);
  EXPECT_EQ(scalar("SELECT min(seq) FROM event_log WHERE topic = 'task-events'"), 5);
}

TEST_F(EventBusTest, AReaderWithAProducerSeesOnlyThatProducersRowsAndPassesTheOthers) {
  runtime::SystemClock clock;
  Recorder rec;
  LocalEventBus log(*pool, options(), clock);
  log.add_reader(subscription(rec, "todo-api.relay"), "todo-api");
  log.start();
  const auto user = core::new_uuid();
  std::vector<std::string> mine;
  for (int i = 0; i < 30; ++i) {
    // Interleaved producers on one topic, one user: only todo-api's arrive, in order.
    auto e = event(user, i);
    e.source = i % 3 == 0 ? "notification-service" : "todo-api";
    if (e.source == "todo-api") mine.push_back(e.id);
    publish(log, e);
  }
  ASSERT_TRUE(wait_until([&] { return rec.total() == mine.size(); }));
  EXPECT_EQ(rec.order(), mine);
  // Every row is behind the reader's position, the other producer's included.
  EXPECT_TRUE(wait_until([&] {
    return scalar("SELECT cursor_seq FROM event_subscriptions WHERE subscriber = 'todo-api.relay'") ==
           scalar("SELECT max(seq) FROM event_log WHERE topic = 'task-events'");
  }));
  EXPECT_EQ(scalar("SELECT count(DISTINCT producer) FROM event_log"), 2);
}

TEST_F(EventBusTest, IntentsAreCarriedOutAfterCommitRetriedWhileTheCalleeIsAwayAndDeadLetteredWhenRefused) {
  runtime::SystemClock clock;
  auto opts = options();
  opts.retry_base = std::chrono::milliseconds(10);
  opts.retry_max = std::chrono::milliseconds(20);
  LocalEventBus log(*pool, opts, clock);
  // A callee that answers 503 twice, then 201; and refuses a marked request with 422.
  struct Callee final : runtime::Invoker {
    std::mutex mu;
    int creates = 0;
    std::vector<std::string> bodies;
    net::Response invoke(std::string_view, net::Request req) override {
      std::lock_guard lock(mu);
      bodies.push_back(req.body);
      if (req.body == "refuse") return net::json_response(422, json::object{});
      return net::json_response(++creates <= 2 ? 503 : 201, json::object{});
    }
    void invoke_after_commit(db::Transaction&, std::string_view, std::string_view, const net::Request&) override {}
  } callee;
  log.add_reader(runtime::eventlog::intent_subscription(
                     "recurring-service", {{std::string(runtime::eventlog::intent_types::kInvoke),
                                            [&](const json::object& data) {
                                              return runtime::eventlog::carry_out_invoke(callee, data);
                                            }}}),
                 "recurring-service", runtime::eventlog::relay_options(opts));
  log.start();
  auto request = [](std::string body, std::string key) {
    net::Request r;
    r.method = "POST";
    r.path = r.target = "/internal/next-occurrence";
    r.headers = {{"idempotency-key", std::move(key)}};
    r.body = std::move(body);
    return r;
  };
  {
    auto conn = pool->acquire();
    db::Transaction tx(*conn);
    runtime::eventlog::write_invoke_intent(log, tx, "recurring-service", "todo-api", request("rolled back", "k0"),
                                           clock.now());
    // not committed: never carried out
  }
  {
    auto conn = pool->acquire();
    db::Transaction tx(*conn);
    runtime::eventlog::write_invoke_intent(log, tx, "recurring-service", "todo-api", request("create", "k1"),
                                           clock.now());
    runtime::eventlog::write_invoke_intent(log, tx, "recurring-service", "todo-api", request("refuse", "k2"),
                                           clock.now());
    tx.commit();
  }
  ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM event_dead_letters") == 1; }));
  ASSERT_TRUE(wait_until([&] {
    std::lock_guard lock(callee.mu);
    return std::count(callee.bodies.begin(), callee.bodies.end(), "create") == 3;  // 503, 503, 201
  }));
  std::lock_guard lock(callee.mu);
  EXPECT_EQ(std::count(callee.bodies.begin(), callee.bodies.end(), "refuse"), 1);
  EXPECT_EQ(std::count(callee.bodies.begin(), callee.bodies.end(), "rolled back"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM event_dead_letters WHERE subscriber = 'recurring-service.intents'"), 1);
}

}  // namespace todo::test
