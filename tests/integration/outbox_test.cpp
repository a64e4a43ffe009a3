// Every task mutation writes exactly its events into the outbox (the event
// log) in the same transaction; failed or rolled-back mutations write none.
#include <boost/json.hpp>

#include "api_fixture.h"
#include "core/events.h"
#include "core/uuid.h"
#include "db/connection.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "core/event_payloads.h"
#include "fake_ports.h"
#include "runtime/eventlog/event_log.h"
#include "runtime/local/local_event_bus.h"
#include "services/todo-api/task_repository.h"
#include "services/todo-api/todo_api_service.h"

namespace todo::test {
namespace json = boost::json;

class Outbox : public ApiTest {
 protected:
  void SetUp() override {
    a = sign_up("Ada");
    c = std::make_unique<HttpClient>(client_for(a));
    db = std::make_unique<db::Connection>(database().url());
  }

  struct Row {
    std::string topic, id, type, key;
    json::object ce;
  };
  // The user's events in commit order, both topics.
  std::vector<Row> events() {
    std::vector<Row> out;
    // Grouped per event, events in task-events order (commit order).
    for (const auto& r : db->exec("SELECT topic, id, event_type, partition_key, payload FROM ("
                                  " SELECT *, min(seq) FILTER (WHERE topic = 'task-events') OVER (PARTITION BY id) AS g"
                                  " FROM event_log WHERE partition_key = $1) e ORDER BY g, topic",
                                  db::Params(a.id)))
      out.push_back(Row{r.str(0), r.str(1), r.str(2), r.str(3), json::parse(r.text(4)).as_object()});
    return out;
  }
  long long count() { return static_cast<long long>(events().size()); }

  // Asserts the last mutation produced exactly one event of `type`, on both
  // topics, and returns its data.
  json::object expect_one_new(size_t before, const std::string& type, const HttpResult& response) {
    const auto all = events();
    EXPECT_EQ(all.size(), before + 2) << "expected one event on each topic";
    if (all.size() != before + 2) return {};
    const auto& e1 = all[before];
    const auto& e2 = all[before + 1];
    EXPECT_EQ(std::set<std::string>({e1.topic, e2.topic}), (std::set<std::string>{"task-events", "task-updates"}));
    EXPECT_EQ(e1.id, e2.id);
    EXPECT_EQ(e1.ce, e2.ce);
    EXPECT_EQ(e1.type, type);
    EXPECT_EQ(e1.key, a.id);
    const auto& ce = e1.ce;
    EXPECT_EQ(ce.at("specversion").as_string(), "1.0");
    EXPECT_EQ(ce.at("id").as_string(), e1.id);
    EXPECT_EQ(ce.at("source").as_string(), "todo-api");
    EXPECT_EQ(ce.at("type").as_string(), type);
    EXPECT_EQ(ce.at("datacontenttype").as_string(), "application/json");
    EXPECT_EQ(ce.at("partitionkey").as_string(), a.id);
    EXPECT_TRUE(core::parse_rfc3339(ce.at("time").as_string()));
    EXPECT_FALSE(core::trace_id_of(ce.at("traceparent").as_string()).empty());
    const auto& data = ce.at("data").as_object();
    EXPECT_EQ(data.at("event_id").as_string(), e1.id);
    EXPECT_EQ(data.at("event_type").as_string(), type);
    EXPECT_EQ(data.at("schema_version").as_int64(), 1);
    EXPECT_EQ(data.at("user_id").as_string(), a.id);
    EXPECT_EQ(data.at("task_id").as_string(), ce.at("subject").as_string());
    EXPECT_EQ(data.at("occurred_at"), ce.at("time"));
    EXPECT_EQ(data.at("correlation_id").as_string(), response.header("X-Request-Id"));
    return data;
  }

  Account a;
  std::unique_ptr<HttpClient> c;
  std::unique_ptr<db::Connection> db;
};

TEST_F(Outbox, EachMutationWritesExactlyItsEvent) {
  auto r = c->post(tasks_url(a), json::object{{"title", "a"}, {"tags", json::array{"x"}}}, {{"X-Request-Id", "req-create"}});
  ASSERT_EQ(r.status, 201);
  const auto task = r.json().as_object();
  const std::string url = tasks_url(a) + "/" + std::string(task.at("id").as_string());
  auto data = expect_one_new(0, "task.created", r);
  EXPECT_EQ(data.at("correlation_id").as_string(), "req-create");
  EXPECT_EQ(data.at("task"), task);
  EXPECT_FALSE(data.contains("changes"));

  r = c->patch(url, json::object{{"title", "b"}, {"tags", json::array{"x"}}, {"priority", "high"}});
  data = expect_one_new(2, "task.updated", r);
  EXPECT_EQ(data.at("task"), r.json());
  EXPECT_EQ(data.at("changes"), (json::object{{"title", json::object{{"from", "a"}, {"to", "b"}}},
                                              {"priority", json::object{{"from", "medium"}, {"to", "high"}}}}));

  r = c->patch(url, json::object{{"title", "b"}});  // no change: no event
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(count(), 4);

  r = c->request("PATCH", url + "/complete");
  data = expect_one_new(4, "task.completed", r);
  EXPECT_EQ(data.at("task").at("completed").as_bool(), true);
  r = c->patch(url + "/complete", json::object{{"completed", true}});  // already completed: no event
  EXPECT_EQ(count(), 6);
  r = c->request("PATCH", url + "/complete");
  data = expect_one_new(6, "task.reopened", r);
  EXPECT_EQ(data.at("task").at("completed").as_bool(), false);

  const auto before_delete = c->get(url).json();
  r = c->del(url);
  ASSERT_EQ(r.status, 204);
  data = expect_one_new(8, "task.deleted", r);
  EXPECT_EQ(data.at("task"), before_delete);  // the task as it was
}

TEST_F(Outbox, FailedMutationsWriteNothing) {
  const auto task = create_task(*c, a, json::object{{"title", "keep"}});
  const std::string url = tasks_url(a) + "/" + std::string(task.at("id").as_string());
  const auto n = count();
  EXPECT_EQ(c->post(tasks_url(a), json::object{{"title", ""}}).status, 422);
  EXPECT_EQ(c->patch(url, json::object{{"priority", "urgent"}}).status, 422);
  EXPECT_EQ(c->patch(url, json::object{{"title", "x"}}, {{"If-Match", "99"}}).status, 412);
  EXPECT_EQ(c->request("DELETE", url, "", {{"If-Match", "99"}}).status, 412);
  EXPECT_EQ(c->get(tasks_url(a) + "/" + core::new_uuid()).status, 404);
  EXPECT_EQ(c->del(tasks_url(a) + "/" + core::new_uuid()).status, 404);
  const auto b = sign_up("Bob");
  auto bc = client_for(b);
  EXPECT_EQ(bc.del(url).status, 403);
  EXPECT_EQ(count(), n);
}

TEST_F(Outbox, IdempotentRetryWritesNoSecondEvent) {
  ASSERT_EQ(c->post(tasks_url(a), json::object{{"title", "once"}}, {{"Idempotency-Key", "k"}}).status, 201);
  ASSERT_EQ(c->post(tasks_url(a), json::object{{"title", "once"}}, {{"Idempotency-Key", "k"}}).status, 201);
  EXPECT_EQ(count(), 2);
}

// The mutation and its events share one transaction: rolled back together.
TEST_F(Outbox, RolledBackTransactionLeavesNeitherTaskNorEvent) {
  db::Pool pool(database().url(), 2);
  runtime::eventlog::EventLog log(pool, {});
  runtime::local::LocalEventBus bus(log);
  core::Task t;
  t.id = core::new_uuid();
  t.user_id = a.id;
  t.title = "never";
  t.created_at = t.updated_at = core::parse_rfc3339("2026-11-25T00:00:00Z").value();
  {
    auto conn = pool.acquire();
    db::Transaction tx(*conn);
    services::todo_api::TaskRepository(tx.connection()).insert(t);
    bus.publish(tx, {core::topics::kTaskEvents, core::topics::kTaskUpdates},
                core::TaskChanged::make(core::event_types::kTaskCreated, t, {"todo-api", "r", ""}, t.created_at));
    EXPECT_EQ(tx.exec("SELECT count(*) FROM event_log WHERE partition_key = $1", db::Params(a.id)).front().int64(0), 2);
    // No commit: the transaction is rolled back here.
  }
  EXPECT_EQ(count(), 0);
  EXPECT_EQ(db->exec("SELECT count(*) FROM tasks WHERE id = $1", db::Params(t.id)).front().int64(0), 0);
  {
    auto conn = pool.acquire();
    db::Transaction tx(*conn);
    services::todo_api::TaskRepository(tx.connection()).insert(t);
    bus.publish(tx, {core::topics::kTaskEvents, core::topics::kTaskUpdates},
                core::TaskChanged::make(core::event_types::kTaskCreated, t, {"todo-api", "r", ""}, t.created_at));
    tx.commit();
  }
  EXPECT_EQ(count(), 2);
}

// Old Idempotency-Keys are forgotten by the housekeeping job; newer ones stay.
TEST_F(Outbox, OldIdempotencyKeysArePruned) {
  ASSERT_EQ(c->post(tasks_url(a), json::object{{"title", "old"}}, {{"Idempotency-Key", "old-key"}}).status, 201);
  ASSERT_EQ(c->post(tasks_url(a), json::object{{"title", "new"}}, {{"Idempotency-Key", "new-key"}}).status, 201);
  db->exec("UPDATE task_idempotency_keys SET created_at = now() - interval '8 days' WHERE key = 'old-key'");
  db::Pool pool(database().url(), 1);
  FakeEventBus bus;
  FakeScheduler scheduler;
  FakeInvoker invoker;
  runtime::SystemClock clock;
  FakeStateStore state([&] { return clock.now(); });
  auth::JwtCodec jwt(kTestJwtSecret);
  services::todo_api::TodoApiService api(services::ServiceContext{pool, bus, jwt, clock, invoker, scheduler, state});
  // The housekeeping runs hourly as a periodic job; run it now.
  api.register_jobs(scheduler);
  ASSERT_EQ(scheduler.periodic().at(std::string(services::todo_api::kHousekeeping)), std::chrono::hours(1));
  EXPECT_EQ(api.prune_idempotency_keys(clock.now() - services::todo_api::kIdempotencyKeyLifetime), 1);
  EXPECT_EQ(db->exec("SELECT key FROM task_idempotency_keys WHERE user_id = $1", db::Params(a.id)).front().str(0),
            "new-key");
  // The forgotten key now creates a new task; the kept one still replays.
  const auto again = c->post(tasks_url(a), json::object{{"title", "old"}}, {{"Idempotency-Key", "old-key"}});
  EXPECT_EQ(again.header("Idempotent-Replayed"), "");
  EXPECT_EQ(c->post(tasks_url(a), json::object{{"title", "new"}}, {{"Idempotency-Key", "new-key"}}).header("Idempotent-Replayed"),
            "true");
}

}  // namespace todo::test
