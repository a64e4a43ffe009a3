// The Dapr adapters' app side, without a sidecar: what GET /dapr/subscribe
// lists, how a delivery's body becomes Success/Retry/Drop, which routes
// answer before start-up, and how jobs find their handler. Their wire side
// is proved against a real daprd by tests/distributed.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.h"
#include "core/event_payloads.h"
#include "core/uuid.h"
#include "runtime/dapr/dapr_event_bus.h"
#include "runtime/dapr/dapr_scheduler.h"
#include "runtime/dapr/sidecar.h"

namespace todo::runtime::dapr {
namespace {
namespace json = boost::json;

struct Parts {
  SystemClock clock;
  db::Pool pool{1};  // never opened: nothing here reaches a database
  eventlog::EventLog log{pool, {}, clock};
  Sidecar sidecar{SidecarOptions{"127.0.0.1", 1, "", std::chrono::milliseconds(200), 2}};
};

std::string delivered_body(const core::Event& e) {
  auto ce = e.to_cloud_event();
  // What the sidecar adds to a published CloudEvent.
  ce["topic"] = "task-events";
  ce["pubsubname"] = "pubsub";
  ce["traceid"] = e.traceparent;
  return json::serialize(ce);
}

core::Event task_event() {
  core::Task t;
  t.id = core::new_uuid();
  t.user_id = core::new_uuid();
  t.title = "x";
  return core::TaskChanged::make(core::event_types::kTaskCreated, t, {"todo-api", "r", ""},
                                 core::parse_rfc3339("2026-11-25T10:00:00Z").value());
}

TEST(DaprEventBus, ListsEachSubscriptionWithTheAppsDeadLetterTopic) {
  Parts p;
  DaprEventBus bus("websocket-service", p.log, p.sidecar, p.pool, p.clock);
  Subscription s{"task-updates", "websocket-service", [](const core::Event&) { return Delivery::Success; }};
  s.mode = Subscription::Mode::Broadcast;
  bus.subscribe(s);
  const auto list = bus.subscription_list();
  ASSERT_EQ(list.size(), 2u);
  const auto& main = list[0].as_object();
  EXPECT_EQ(main.at("pubsubname").as_string(), "pubsub-broadcast");
  EXPECT_EQ(main.at("topic").as_string(), "task-updates");
  EXPECT_EQ(main.at("routes").at("default").as_string(), "/events/task-updates");
  EXPECT_EQ(main.at("deadLetterTopic").as_string(), "websocket-service.deadletter");
  const auto& dlq = list[1].as_object();
  EXPECT_EQ(dlq.at("topic").as_string(), "websocket-service.deadletter");
  EXPECT_EQ(dlq.at("routes").at("default").as_string(), "/events/websocket-service.deadletter");
  EXPECT_FALSE(dlq.contains("deadLetterTopic"));  // no loop
}

TEST(DaprEventBus, ADeliveryRunsTheHandlerAndAnswersItsOutcome) {
  Parts p;
  DaprEventBus bus("audit-service", p.log, p.sidecar, p.pool, p.clock);
  int calls = 0;
  Delivery next = Delivery::Success;
  Subscription s{"task-events", "audit-service", [&](const core::Event& e) {
                   ++calls;
                   EXPECT_EQ(e.type, "task.created");
                   if (next == Delivery::Drop) throw std::runtime_error("the database is down");
                   return next;
                 }};
  const auto e = task_event();
  EXPECT_EQ(bus.deliver(s, delivered_body(e)), Delivery::Success);
  next = Delivery::Retry;
  EXPECT_EQ(bus.deliver(s, delivered_body(e)), Delivery::Retry);
  next = Delivery::Drop;  // the handler throws: a failure is a retry, never a drop
  EXPECT_EQ(bus.deliver(s, delivered_body(e)), Delivery::Retry);
  EXPECT_EQ(calls, 3);
  // Not a CloudEvent of ours: dropped without reaching the handler.
  EXPECT_EQ(bus.deliver(s, "not json"), Delivery::Drop);
  EXPECT_EQ(bus.deliver(s, R"({"id":"x","type":"t","data":{}})"), Delivery::Drop);
  EXPECT_EQ(bus.deliver(s, R"([1,2,3])"), Delivery::Drop);
  EXPECT_EQ(calls, 3);
}

TEST(DaprEventBus, SubscriptionsAnswerFromTheFirstMomentAndDeliveriesOnlyOnceStarted) {
  Parts p;
  DaprEventBus bus("audit-service", p.log, p.sidecar, p.pool, p.clock);
  bus.subscribe({"task-events", "audit-service", [](const core::Event&) { return Delivery::Success; }});
  bool started = false;
  net::Router router;
  net::ServiceRoutes early(router, "audit-service");
  auto gated = early.with([&](const net::Request&) {
    if (!started) throw core::ApiError(core::ErrorCode::Unavailable, "starting");
  });
  bus.add_routes(early, gated);
  const auto sub = router.match("GET", "/dapr/subscribe");
  ASSERT_EQ(sub.kind, net::Router::Match::Kind::Found);
  net::Request req;
  EXPECT_EQ(json::parse(sub.route->handler(req).body).as_array().size(), 2u);
  const auto delivery = router.match("POST", "/events/task-events");
  ASSERT_EQ(delivery.kind, net::Router::Match::Kind::Found);
  req.body = delivered_body(task_event());
  EXPECT_THROW(delivery.route->handler(req), core::ApiError);  // 503: the sidecar retries
  started = true;
  const auto res = delivery.route->handler(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(json::parse(res.body).at("status").as_string(), "SUCCESS");
  EXPECT_EQ(router.match("POST", "/events/audit-service.deadletter").kind, net::Router::Match::Kind::Found);
  // Never a 404 for a topic it subscribed to (the sidecar would drop silently).
  EXPECT_EQ(router.match("POST", "/events/reminders").kind, net::Router::Match::Kind::NotFound);
}

TEST(DaprScheduler, JobsFindTheLongestPrefixAndBindingsAnswerTheirProbe) {
  Parts p;
  DaprScheduler scheduler("recurring-service", p.log, p.sidecar, p.clock);
  std::vector<std::string> ran;
  scheduler.handle("reminder-", [&](const Job& j) {
    ran.push_back("reminder:" + j.name + ":" + json::serialize(j.data));
    return JobOutcome::Success;
  });
  scheduler.every("reminder-sweep", std::chrono::seconds(60), [&](const Job& j) {
    ran.push_back("sweep:" + j.name);
    return JobOutcome::Success;
  });
  EXPECT_TRUE(scheduler.run_job("reminder-abc", R"({"task_id":"abc"})"));
  EXPECT_TRUE(scheduler.run_job("unknown-job", "{}"));  // nothing will ever handle it: not retried
  ASSERT_EQ(ran.size(), 1u);
  EXPECT_EQ(ran[0], R"(reminder:reminder-abc:{"task_id":"abc"})");

  net::Router router;
  net::ServiceRoutes early(router, "recurring-service");
  auto gated = early.with([](const net::Request&) {});
  scheduler.add_routes(early, gated);
  net::Request req;
  EXPECT_EQ(router.match("OPTIONS", "/reminder-sweep").route->handler(req).status, 200);
  EXPECT_EQ(router.match("POST", "/reminder-sweep").route->handler(req).status, 200);
  EXPECT_EQ(ran.back(), "sweep:reminder-sweep");
  req.path_params = {{"name", "reminder-xyz"}};
  req.body = "{}";
  EXPECT_EQ(router.match("POST", "/job/reminder-xyz").route->handler(req).status, 200);
  EXPECT_EQ(ran.back(), "reminder:reminder-xyz:{}");
}

TEST(DaprScheduler, AFailingJobAsksTheSchedulerToTryAgain) {
  Parts p;
  DaprScheduler scheduler("recurring-service", p.log, p.sidecar, p.clock);
  scheduler.handle("reminder-", [](const Job&) -> JobOutcome { throw std::runtime_error("db down"); });
  EXPECT_FALSE(scheduler.run_job("reminder-1", "{}"));
  net::Router router;
  net::ServiceRoutes early(router, "recurring-service");
  scheduler.add_routes(early, early);
  net::Request req;
  req.path_params = {{"name", "reminder-1"}};
  EXPECT_THROW(router.match("POST", "/job/reminder-1").route->handler(req), core::ApiError);  // 503
}

TEST(DaprScheduler, TheJobsApiUnreachableIsARetryNeverADrop) {
  Parts p;  // the sidecar is on a closed port
  DaprScheduler scheduler("recurring-service", p.log, p.sidecar, p.clock);
  EXPECT_EQ(scheduler.create_job("reminder-1", p.clock.now(), json::object{}), Delivery::Retry);
  EXPECT_EQ(scheduler.delete_job("reminder-1"), Delivery::Retry);
  EXPECT_EQ(publish_through(p.sidecar, "pubsub", "task-events", task_event()), Delivery::Retry);
  EXPECT_THROW(scheduler.schedule("reminder-1", p.clock.now(), json::object{}), core::ApiError);
}

TEST(SidecarUrls, EscapeWhatIsNotUnreserved) {
  EXPECT_EQ(url_escape("task-events"), "task-events");
  EXPECT_EQ(url_escape("a b/c?d"), "a%20b%2Fc%3Fd");
  EXPECT_EQ(url_escape("\u00e9"), "%C3%A9");
  net::ClientResponse r;
  r.body = R"({"errorCode":"ERR_DIRECT_INVOKE","message":"app unreachable"})";
  EXPECT_EQ(sidecar_error_code(r), "ERR_DIRECT_INVOKE");
  r.body = R"({"error":{"code":"not_found"}})";
  EXPECT_EQ(sidecar_error_code(r), "");
}

}  // namespace
}  // namespace todo::runtime::dapr
