// Pure logic of the services, without PostgreSQL or a socket: recurrence
// series, WebSocket frames, reminder texts, list queries, edge forwarding.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.h"
#include "core/page_cursor.h"
#include "core/event_payloads.h"
#include "core/uuid.h"
#include "fake_ports.h"
#include "services/audit-service/audit_query.h"
#include "services/gateway/edge_forwarding.h"
#include "services/notification-service/notification_query.h"
#include "services/notification-service/reminder_message.h"
#include "services/recurring-service/next_occurrence.h"
#include "services/websocket-service/frames.h"

namespace todo::services {
namespace {
namespace json = boost::json;

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

// ---------------------------------------------------------------- recurrence

core::Task weekly(const char* due) {
  core::Task t;
  t.id = core::new_uuid();
  t.user_id = core::new_uuid();
  t.title = "Water plants";
  t.recurrence = "FREQ=WEEKLY;COUNT=3";
  t.timezone = "UTC";
  t.due_date = at(due);
  t.reminder_at = at(due) - std::chrono::minutes(30);
  t.completed = true;
  t.completed_at = at(due);
  return t;
}

TEST(SeriesStart, TheAnchorAppliesOnlyToItsOwnRuleZoneAndEarlierDueDates) {
  const recurring::SeriesAnchor anchor{at("2026-01-05T09:00:00Z"), "FREQ=WEEKLY;COUNT=3", "UTC"};
  const auto due = at("2026-01-12T09:00:00Z");
  EXPECT_EQ(recurring::series_start(anchor, anchor.rule, "UTC", due), anchor.dtstart);
  EXPECT_EQ(recurring::series_start(anchor, "FREQ=DAILY", "UTC", due), due);
  EXPECT_EQ(recurring::series_start(anchor, anchor.rule, "Europe/Berlin", due), due);
  EXPECT_EQ(recurring::series_start(std::nullopt, anchor.rule, "UTC", due), due);
  // A due date moved before the series' start leaves the series.
  EXPECT_EQ(recurring::series_start(anchor, anchor.rule, "UTC", at("2026-01-01T09:00:00Z")), at("2026-01-01T09:00:00Z"));
}

// The consumer and next_occurrence used to disagree on the last rule: a task
// moved before its series' start kept the old DTSTART for its child's series,
// so the child counted COUNT from a start its parent no longer had.
TEST(SeriesStart, ADueDateBeforeTheAnchorStartsANewSeriesForTheNextOccurrenceToo) {
  auto t = weekly("2026-01-01T09:00:00Z");
  const recurring::SeriesAnchor later{at("2026-01-05T09:00:00Z"), *t.recurrence, "UTC"};
  const auto next = recurring::next_occurrence(t, later);
  ASSERT_TRUE(next.has_value());
  // Counted from the task's own due date: 1 Jan is #1, 8 Jan is #2.
  EXPECT_EQ(next->due, at("2026-01-08T09:00:00Z"));
  EXPECT_EQ(next->index, 2);
  // The series the child joins starts where next_occurrence counted from.
  EXPECT_EQ(recurring::series_start(later, *t.recurrence, t.timezone, *t.due_date), *t.due_date);
  // With the old rule (anchor kept regardless) the child's series would have
  // started on 5 Jan, and its own next occurrence would fall on the 12th
  // instead of the 15th.
  auto child = weekly("2026-01-08T09:00:00Z");
  const recurring::SeriesAnchor joined{*t.due_date, *t.recurrence, "UTC"};
  EXPECT_EQ(recurring::next_occurrence(child, joined)->due, at("2026-01-15T09:00:00Z"));
  EXPECT_EQ(recurring::next_occurrence(child, joined)->index, 3);
  EXPECT_EQ(recurring::next_occurrence(child, later)->due, at("2026-01-12T09:00:00Z"));
}

TEST(NextOccurrence, KeepsTheReminderOffsetAndStopsAtCount) {
  auto t = weekly("2026-01-05T09:00:00Z");
  const recurring::SeriesAnchor anchor{*t.due_date, *t.recurrence, "UTC"};
  const auto next = recurring::next_occurrence(t, anchor);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->due, at("2026-01-12T09:00:00Z"));
  EXPECT_EQ(next->reminder_at, at("2026-01-12T08:30:00Z"));
  auto third = weekly("2026-01-19T09:00:00Z");
  EXPECT_FALSE(recurring::next_occurrence(third, anchor).has_value());  // COUNT=3 reached
  const auto body = recurring::next_occurrence_body(t, *next);
  EXPECT_EQ(body.at("parent_task_id").as_string(), t.id);
  EXPECT_EQ(body.at("task").at("due_date").as_string(), "2026-01-12T09:00:00.000Z");
  EXPECT_EQ(body.at("task").at("recurrence").as_string(), *t.recurrence);
  EXPECT_TRUE(body.at("task").at("project_id").is_null());  // the inbox, like its parent
  t.project_id = core::new_uuid();
  EXPECT_EQ(recurring::next_occurrence_body(t, *next).at("task").at("project_id").as_string(), *t.project_id);
  // What todo-api's create accepts: no read-only fields.
  EXPECT_FALSE(body.at("task").as_object().contains("id"));
  EXPECT_FALSE(body.at("task").as_object().contains("completed"));
}

// ---------------------------------------------------------------- websocket frames

TEST(Frames, TaskAndNotificationEventsBecomeFramesOthersDoNot) {
  core::Task t;
  t.id = core::new_uuid();
  t.user_id = core::new_uuid();
  t.title = "x";
  const auto now = at("2026-11-25T10:00:00Z");
  const auto task_event = core::TaskChanged::make(core::event_types::kTaskCompleted, t, {"todo-api", "", ""}, now);
  const auto f = json::parse(websocket::frame_for(task_event)).as_object();
  EXPECT_EQ(f.at("type").as_string(), "task.completed");
  EXPECT_EQ(f.at("event_id").as_string(), task_event.id);
  EXPECT_EQ(f.at("occurred_at").as_string(), "2026-11-25T10:00:00.000Z");
  EXPECT_EQ(f.at("task").at("id").as_string(), t.id);
  core::Notification n{core::new_uuid(), t.user_id, t.id, "reminder", "hi", false, now};
  const auto nf = json::parse(websocket::frame_for(core::NotificationCreated::make(n, {"x", "", ""}, now))).as_object();
  EXPECT_EQ(nf.at("notification").at("message").as_string(), "hi");
  EXPECT_FALSE(nf.contains("task"));
  // Not for browsers, or without its resource.
  EXPECT_EQ(websocket::frame_for(core::ReminderDue::make(t.user_id, t.id, "x", std::nullopt, now, "UTC", {"r", "", ""}, now)),
            "");
  auto broken = task_event;
  broken.data.erase("task");
  EXPECT_EQ(websocket::frame_for(broken), "");
  EXPECT_EQ(json::parse(websocket::hello_frame(t.user_id)).at("type").as_string(), "hello");
}

TEST(Frames, ProjectAndRestoreEventsBecomeFrames) {
  core::Project p;
  p.id = core::new_uuid();
  p.user_id = core::new_uuid();
  p.name = "Home";
  const auto now = at("2026-11-25T10:00:00Z");
  for (const auto type : {core::event_types::kProjectCreated, core::event_types::kProjectUpdated,
                          core::event_types::kProjectDeleted}) {
    const auto e = core::ProjectChanged::make(type, p, {"todo-api", "", ""}, now);
    const auto f = json::parse(websocket::frame_for(e)).as_object();
    EXPECT_EQ(f.at("type").as_string(), type);
    EXPECT_EQ(f.at("event_id").as_string(), e.id);
    EXPECT_EQ(f.at("occurred_at").as_string(), "2026-11-25T10:00:00.000Z");
    EXPECT_EQ(f.at("project"), core::to_json(p));
    EXPECT_EQ(f.size(), 4u);
  }
  core::Task t;
  t.id = core::new_uuid();
  t.user_id = p.user_id;
  t.title = "x";
  const auto restored = json::parse(websocket::frame_for(
                                        core::TaskChanged::make(core::event_types::kTaskRestored, t, {"todo-api", "", ""}, now)))
                            .as_object();
  EXPECT_EQ(restored.at("type").as_string(), "task.restored");
  EXPECT_EQ(restored.at("task").at("id").as_string(), t.id);
}

TEST(Frames, TheTokenComesFromTheBearerSubprotocol) {
  EXPECT_EQ(websocket::token_from_protocols("bearer, abc.def.ghi"), "abc.def.ghi");
  EXPECT_EQ(websocket::token_from_protocols("Bearer,tok"), "tok");
  EXPECT_EQ(websocket::token_from_protocols("chat, bearer, tok, other"), "tok");
  EXPECT_FALSE(websocket::token_from_protocols("bearer").has_value());
  EXPECT_FALSE(websocket::token_from_protocols("").has_value());
  EXPECT_FALSE(websocket::token_from_protocols("tok, bearer").has_value());
}

// ---------------------------------------------------------------- notifications, audit

TEST(ReminderMessage, NamesTheTaskAndItsDueTimeInItsZone) {
  EXPECT_EQ(notification::reminder_message("Pay rent", at("2026-12-01T08:00:00Z"), "Europe/Berlin"),
            "Reminder: \u201cPay rent\u201d is due Tue 01 Dec 2026 09:00 (Europe/Berlin)");
  EXPECT_EQ(notification::reminder_message("Call", std::nullopt, "UTC"), "Reminder: \u201cCall\u201d");
}

TEST(ListQueries, ParametersAreCheckedBeforeSql) {
  EXPECT_TRUE(notification::parse_notification_query({{"unread", "true"}}).unread_only);
  EXPECT_EQ(notification::parse_notification_query({}).limit, 50);
  EXPECT_THROW(notification::parse_notification_query({{"unread", "yes"}}), core::ApiError);
  EXPECT_THROW(notification::parse_notification_query({{"cursor", "garbage"}}), core::ApiError);
  EXPECT_THROW(notification::parse_notification_query({{"limit", "0"}}), core::ApiError);
  // A cursor of another list, or one whose key is not a sequence number.
  EXPECT_THROW(notification::parse_notification_query({{"cursor", core::encode_seq_cursor("audit", 5)}}), core::ApiError);
  EXPECT_THROW(notification::parse_notification_query(
                   {{"cursor", core::encode_cursor("notifications", core::PageCursor{json::value("x"), ""})}}),
               core::ApiError);
  EXPECT_EQ(notification::parse_notification_query({{"cursor", core::encode_seq_cursor("notifications", 42)}}).before_seq,
            42);
  const auto task = core::new_uuid();
  const auto q = audit::parse_audit_query({{"task_id", task}, {"event_type", "task.completed"}, {"limit", "7"}});
  EXPECT_EQ(q.task_id, task);
  EXPECT_EQ(q.event_type, "task.completed");
  EXPECT_EQ(q.limit, 7);
  EXPECT_THROW(audit::parse_audit_query({{"task_id", "1"}}), core::ApiError);
  EXPECT_THROW(audit::parse_audit_query({{"event_type", "reminder.due"}}), core::ApiError);
  for (const auto type : {"task.restored", "project.created", "project.updated", "project.deleted"})
    EXPECT_EQ(audit::parse_audit_query({{"event_type", type}}).event_type, type);
  EXPECT_THROW(audit::parse_audit_query({{"since", "x"}}), core::ApiError);
}

// ---------------------------------------------------------------- edge forwarding

TEST(EdgeForwarding, PassesOnlyTheContractsHeadersEachWay) {
  net::Request req;
  req.method = "PATCH";
  req.target = "/api/u/tasks/t?x=1";
  req.path = "/api/u/tasks/t";
  req.body = "{}";
  req.request_id = "req-9";
  req.traceparent = "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01";
  req.headers = {{"authorization", "Bearer t"}, {"content-type", "application/json"}, {"if-match", "3"},
                 {"idempotency-key", "k"},      {"cookie", "secret"},                  {"dapr-api-token", "x"},
                 {"x-request-id", "client-id"}, {"host", "edge"}};
  const auto out = gateway::forwarded_request(req);
  EXPECT_EQ(out.method, "PATCH");
  EXPECT_EQ(out.target, "/api/u/tasks/t?x=1");
  EXPECT_EQ(out.header("authorization"), "Bearer t");
  EXPECT_EQ(out.header("if-match"), "3");
  EXPECT_EQ(out.header("idempotency-key"), "k");
  EXPECT_EQ(out.header("x-request-id"), "req-9");  // the id the gateway answers with
  EXPECT_EQ(out.header("traceparent"), req.traceparent);
  EXPECT_FALSE(out.has_header("cookie"));
  EXPECT_FALSE(out.has_header("dapr-api-token"));
  EXPECT_FALSE(out.has_header("host"));

  net::Response res;
  res.status = 201;
  res.body = "{\"id\":\"t\"}";
  res.content_type = "application/json";
  res.headers = {{"Location", "/api/u/tasks/t"}, {"ETag", "\"1\""}, {"Set-Cookie", "x"}, {"Retry-After", "1"},
                 {"traceparent", "00-x"}};
  const auto back = gateway::forwarded_response(res);
  EXPECT_EQ(back.status, 201);
  EXPECT_EQ(back.body, res.body);
  EXPECT_EQ(back.header("location"), "/api/u/tasks/t");
  EXPECT_EQ(back.header("etag"), "\"1\"");
  EXPECT_EQ(back.header("retry-after"), "1");
  EXPECT_TRUE(back.header("set-cookie").empty());
  EXPECT_TRUE(back.header("traceparent").empty());
}

TEST(EdgeForwarding, RoutesOfRemoteServicesGoThroughTheInvoker) {
  test::FakeInvoker invoker;
  invoker.answer(net::json_response(503, json::object{{"error", json::object{{"code", "unavailable"}}}}));
  net::Router router;
  net::ServiceRoutes routes(router, "gateway");
  gateway::add_forwarding_routes(routes, invoker,
                                 {{"audit-service", {"GET", "/api/{user_id}/audit"}},
                                  {"todo-api", {"POST", "/api/{user_id}/tasks"}}});
  const auto m = router.match("GET", "/api/u1/audit");
  ASSERT_EQ(m.kind, net::Router::Match::Kind::Found);
  net::Request req;
  req.method = "GET";
  req.path = req.target = "/api/u1/audit";
  EXPECT_EQ(m.route->handler(req).status, 503);
  ASSERT_EQ(invoker.calls().size(), 1u);
  EXPECT_EQ(invoker.calls()[0].app_id, "audit-service");
  EXPECT_EQ(router.match("DELETE", "/api/u1/audit").kind, net::Router::Match::Kind::MethodNotAllowed);
  EXPECT_EQ(router.match("GET", "/internal/next-occurrence").kind, net::Router::Match::Kind::NotFound);
}

}  // namespace
}  // namespace todo::services
