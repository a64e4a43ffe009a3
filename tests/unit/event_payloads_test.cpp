// The event payloads as types (core/event_payloads): each make() parses back
// to what went in, hostile payloads do not parse, and runtime::typed answers
// Drop for them and Success for types it does not cover.
#include "core/event_payloads.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/uuid.h"
#include "runtime/typed_handler.h"

namespace todo::core {
namespace {
namespace json = boost::json;

const Instant kNow = parse_rfc3339("2026-11-25T10:00:00.123Z").value();

Task sample_task() {
  Task t;
  t.id = new_uuid();
  t.user_id = new_uuid();
  t.title = "Pay rent";
  t.tags = {"home"};
  t.due_date = kNow + std::chrono::hours(24);
  t.reminder_at = kNow + std::chrono::hours(23);
  t.recurrence = "FREQ=MONTHLY";
  t.timezone = "Europe/Berlin";
  t.created_at = t.updated_at = kNow;
  t.version = 3;
  return t;
}

// The event as a consumer receives it: serialised and parsed back.
Event delivered(const Event& e) { return *parse_event(json::parse(json::serialize(e.to_cloud_event())).as_object()); }

Event with_data(Event e, std::string_view key, json::value v) {
  e.data[key] = std::move(v);
  return e;
}

TEST(TaskChanged, RoundTripsThroughTheEnvelope) {
  const auto t = sample_task();
  const std::vector<FieldChange> changes = {{"title", "a", "Pay rent"}};
  const auto e = delivered(TaskChanged::make(event_types::kTaskUpdated, t, {"todo-api", "req-1", ""}, kNow, &changes));
  const auto c = TaskChanged::parse(e);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->header.event_type, "task.updated");
  EXPECT_EQ(c->header.user_id, t.user_id);
  EXPECT_EQ(c->header.task_id, t.id);
  EXPECT_EQ(c->header.correlation_id, "req-1");
  EXPECT_EQ(c->header.occurred_at, kNow);
  EXPECT_EQ(c->task.title, "Pay rent");
  EXPECT_EQ(c->task.version, 3);
  EXPECT_EQ(c->task.due_date, t.due_date);
  EXPECT_TRUE(c->changed("title"));
  EXPECT_FALSE(c->changed("due_date"));
  EXPECT_EQ(e.partition_key, t.user_id);
  EXPECT_EQ(e.subject, t.id);
}

TEST(TaskChanged, HostilePayloadsDoNotParse) {
  const auto t = sample_task();
  const auto good = delivered(TaskChanged::make(event_types::kTaskCreated, t, {"todo-api", "", ""}, kNow));
  ASSERT_TRUE(TaskChanged::parse(good));
  EXPECT_FALSE(TaskChanged::parse(with_data(good, "user_id", "not-a-uuid")));
  EXPECT_FALSE(TaskChanged::parse(with_data(good, "user_id", 7)));
  EXPECT_FALSE(TaskChanged::parse(with_data(good, "occurred_at", "yesterday")));
  EXPECT_FALSE(TaskChanged::parse(with_data(good, "task", "a string")));
  EXPECT_FALSE(TaskChanged::parse(with_data(good, "task_id", json::value(new_uuid()))));  // names another task
  auto other_user = good;
  other_user.data["task"].as_object()["user_id"] = new_uuid();  // a task of someone else
  EXPECT_FALSE(TaskChanged::parse(other_user));
  auto bad_due = good;
  bad_due.data["task"].as_object()["due_date"] = "9999-99-99";
  EXPECT_FALSE(TaskChanged::parse(bad_due));
  auto no_task = good;
  no_task.data.erase("task");
  EXPECT_FALSE(TaskChanged::parse(no_task));
  auto bad_id = good;
  bad_id.id = "x";
  EXPECT_FALSE(TaskChanged::parse(bad_id));
  // Ids that are not ids (found by the event fuzzer): a task.deleted names
  // no task_id, so only the task's own id says which; a parent path.
  auto not_an_id = good;
  not_an_id.data.erase("task_id");
  not_an_id.data["task"].as_object()["id"] = "not-a-uuid";
  EXPECT_FALSE(TaskChanged::parse(not_an_id));
  auto bad_parent = good;
  bad_parent.data["task"].as_object()["parent_task_id"] = "../not-a-task";
  EXPECT_FALSE(TaskChanged::parse(bad_parent));
  auto good_parent = good;
  good_parent.data["task"].as_object()["parent_task_id"] = new_uuid();
  EXPECT_TRUE(TaskChanged::parse(good_parent));
  // Unknown fields are ignored (schema evolution is additive).
  EXPECT_TRUE(TaskChanged::parse(with_data(good, "added_later", json::object{{"x", 1}})));
}

TEST(TaskChanged, CarriesTheProjectAndRefusesAProjectThatIsNoId) {
  auto t = sample_task();
  t.project_id = new_uuid();
  const auto good = delivered(TaskChanged::make(event_types::kTaskRestored, t, {"todo-api", "", ""}, kNow));
  const auto c = TaskChanged::parse(good);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->task.project_id, t.project_id);
  EXPECT_EQ(c->header.event_type, "task.restored");
  auto bad = good;
  bad.data["task"].as_object()["project_id"] = "../projects";
  EXPECT_FALSE(TaskChanged::parse(bad));
}

core::Project sample_project() {
  core::Project p;
  p.id = new_uuid();
  p.user_id = new_uuid();
  p.name = "Home";
  p.color = "teal";
  p.position = 2;
  p.task_count = 4;
  p.pending_count = 1;
  p.created_at = p.updated_at = kNow;
  p.version = 2;
  return p;
}

TEST(ProjectChanged, RoundTripsWithoutATaskId) {
  const auto p = sample_project();
  const std::vector<FieldChange> changes = {{"name", "House", "Home"}};
  const auto e = delivered(ProjectChanged::make(event_types::kProjectUpdated, p, {"todo-api", "req-7", ""}, kNow, &changes));
  EXPECT_EQ(e.subject, p.id);
  EXPECT_EQ(e.partition_key, p.user_id);
  EXPECT_FALSE(e.data.contains("task_id"));
  const auto c = ProjectChanged::parse(e);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->project_id, p.id);
  EXPECT_EQ(c->project, to_json(p));
  EXPECT_EQ(c->changes, (json::object{{"name", json::object{{"from", "House"}, {"to", "Home"}}}}));
  EXPECT_EQ(c->header.correlation_id, "req-7");
  EXPECT_FALSE(c->header.task_id.has_value());
  // The common header parses too (audit-service and websocket-service read only that).
  const auto h = EventHeader::parse(e);
  ASSERT_TRUE(h.has_value());
  EXPECT_FALSE(h->task_id.has_value());
  // A project event is no task event.
  EXPECT_FALSE(TaskChanged::accepts(event_types::kProjectCreated));
  EXPECT_TRUE(ProjectChanged::accepts(event_types::kProjectDeleted));
}

TEST(ProjectChanged, HostilePayloadsDoNotParse) {
  const auto p = sample_project();
  const auto good = delivered(ProjectChanged::make(event_types::kProjectCreated, p, {"todo-api", "", ""}, kNow));
  ASSERT_TRUE(ProjectChanged::parse(good));
  EXPECT_FALSE(ProjectChanged::parse(with_data(good, "project_id", "x")));
  EXPECT_FALSE(ProjectChanged::parse(with_data(good, "project_id", json::value(new_uuid()))));  // names another
  EXPECT_FALSE(ProjectChanged::parse(with_data(good, "project", "a string")));
  auto other_user = good;
  other_user.data["project"].as_object()["user_id"] = new_uuid();
  EXPECT_FALSE(ProjectChanged::parse(other_user));
}

TEST(ReminderDue, RoundTripsAndNeedsItsInstants) {
  const auto user = new_uuid(), task = new_uuid();
  const auto e = delivered(ReminderDue::make(user, task, "Pay rent", std::nullopt, kNow, "Europe/Berlin",
                                             {"recurring-service", "cause-id", ""}, kNow));
  const auto r = ReminderDue::parse(e);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->task_id, task);
  EXPECT_EQ(r->header.user_id, user);
  EXPECT_EQ(r->title, "Pay rent");
  EXPECT_FALSE(r->due_date.has_value());
  EXPECT_EQ(r->reminder_at, kNow);
  EXPECT_EQ(r->timezone, "Europe/Berlin");
  EXPECT_EQ(r->header.correlation_id, "cause-id");
  EXPECT_EQ(e.type, event_types::kReminderDue);
  EXPECT_FALSE(ReminderDue::parse(with_data(e, "reminder_at", nullptr)));
  EXPECT_FALSE(ReminderDue::parse(with_data(e, "due_date", "soon")));
  EXPECT_FALSE(ReminderDue::parse(with_data(e, "task_id", nullptr)));
  EXPECT_TRUE(ReminderDue::parse(with_data(e, "due_date", "2026-12-01T09:00:00Z")));
  // A missing zone is UTC.
  auto no_zone = e;
  no_zone.data.erase("timezone");
  EXPECT_EQ(ReminderDue::parse(no_zone)->timezone, "UTC");
}

TEST(NotificationCreated, RoundTripsAndBelongsToItsUser) {
  Notification n{new_uuid(), new_uuid(), new_uuid(), "reminder", "Reminder: \u201cx\u201d", false, kNow};
  const auto e = delivered(NotificationCreated::make(n, {"notification-service", "cause", ""}, kNow));
  const auto p = NotificationCreated::parse(e);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->notification.id, n.id);
  EXPECT_EQ(p->notification.task_id, n.task_id);
  EXPECT_EQ(p->notification.message, n.message);
  EXPECT_EQ(e.partition_key, n.user_id);
  auto stolen = e;
  stolen.data["notification"].as_object()["user_id"] = new_uuid();
  EXPECT_FALSE(NotificationCreated::parse(stolen));
  EXPECT_FALSE(NotificationCreated::parse(with_data(e, "notification", json::array{})));
}

TEST(TypedHandler, DropsWhatDoesNotParseAndIgnoresOtherTypes) {
  int calls = 0;
  const auto handler = runtime::typed<ReminderDue>("test", [&](const ReminderDue& r, const Event&) {
    ++calls;
    EXPECT_FALSE(r.task_id.empty());
    return runtime::Delivery::Retry;  // whatever fn answers is the answer
  });
  const auto good = delivered(ReminderDue::make(new_uuid(), new_uuid(), "t", std::nullopt, kNow, "UTC",
                                                {"recurring-service", "", ""}, kNow));
  EXPECT_EQ(handler(good), runtime::Delivery::Retry);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(handler(with_data(good, "user_id", "someone")), runtime::Delivery::Drop);
  EXPECT_EQ(calls, 1);
  auto other = good;
  other.type = "reminder.snoozed";  // a type this consumer does not cover
  EXPECT_EQ(handler(other), runtime::Delivery::Success);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace todo::core
