// The CloudEvent delivery parser and the typed payloads: core::parse_event
// (src/core/events.h) and TaskChanged / ReminderDue / NotificationCreated /
// EventHeader::parse (src/core/event_payloads.h).
//
// Input: a delivery body, parsed like the runtime does (a JSON object, else
// not an event). Properties:
// - nothing crashes, leaks or hits UB; a payload that does not parse is
//   nullopt (an exception escaping a parser would fail the run);
// - an accepted envelope survives to_cloud_event -> parse_event unchanged;
// - every accepted typed payload is re-made with its own make(), serialised,
//   parsed and typed again, and comes back with the same fields (the outbox
//   path: producer -> JSON text -> consumer).
#include <boost/json.hpp>

#include "core/event_payloads.h"
#include "core/events.h"
#include "core/uuid.h"
#include "fuzz_common.h"

using namespace todo;
namespace json = boost::json;

namespace {

// The instants the platform carries (parse_rfc3339 yields no others; that is
// the rfc3339 target's business, and its regressions hold the cases).
bool representable(core::Instant t) { return t >= core::kMinInstant && t <= core::kMaxInstant; }
bool representable(const std::optional<core::Instant>& t) { return !t || representable(*t); }

bool representable(const core::Task& t) {
  return representable(t.due_date) && representable(t.reminder_at) && representable(t.recurrence_end) &&
         representable(t.created_at) && representable(t.updated_at) && representable(t.completed_at);
}

// The consumer's side of the outbox: JSON text -> envelope.
core::Event deliver(const core::Event& e) {
  const auto text = json::serialize(e.to_cloud_event());
  boost::system::error_code ec;
  auto doc = json::parse(text, ec);
  FUZZ_CHECK(!ec && doc.is_object(), "a made event does not parse back: %s", fuzz::excerpt(text).c_str());
  auto back = core::parse_event(doc.get_object());
  FUZZ_CHECK(back.has_value(), "a made event is not an event: %s", fuzz::excerpt(text).c_str());
  return *back;
}

const core::EventOrigin kOrigin{"fuzz", "corr-1", ""};

void check_header(const core::EventHeader& h, const core::Event& e) {
  FUZZ_CHECK(core::is_uuid(h.event_id) && h.event_id == e.id, "header event_id %s", h.event_id.c_str());
  FUZZ_CHECK(core::is_uuid(h.user_id), "header user_id %s", fuzz::excerpt(h.user_id).c_str());
  FUZZ_CHECK(!h.task_id || core::is_uuid(*h.task_id), "header task_id %s", fuzz::excerpt(*h.task_id).c_str());
}

void check_task_changed(const core::Event& e) {
  const auto t = core::TaskChanged::parse(e);
  if (!t) return;
  check_header(t->header, e);
  FUZZ_CHECK(t->task.user_id == t->header.user_id, "task of another user");
  // Consumers key their tables on the task id (uuid columns): a task id that
  // is not one is as unusable as a malformed user_id, which parse refuses.
  FUZZ_CHECK(core::is_uuid(t->task.id), "%s accepted with task.id \"%s\" (data.task_id %s)",
             fuzz::excerpt(e.type).c_str(), fuzz::excerpt(t->task.id).c_str(),
             t->header.task_id ? "present" : "absent");
  FUZZ_CHECK(!t->task.parent_task_id || core::is_uuid(*t->task.parent_task_id),
             "%s accepted with task.parent_task_id \"%s\"", fuzz::excerpt(e.type).c_str(),
             fuzz::excerpt(*t->task.parent_task_id).c_str());
  if (!representable(t->task)) return;
  const auto made = core::TaskChanged::make(e.type, t->task, kOrigin, fuzz::fixed_now());
  const auto back = core::TaskChanged::parse(deliver(made));
  FUZZ_CHECK(back.has_value(), "a re-made %s does not parse: %s", fuzz::excerpt(e.type).c_str(),
             fuzz::excerpt(json::serialize(made.data), 600).c_str());
  FUZZ_CHECK(core::to_json(back->task) == core::to_json(t->task), "the task changed on the way: %s -> %s",
             fuzz::excerpt(json::serialize(core::to_json(t->task)), 600).c_str(),
             fuzz::excerpt(json::serialize(core::to_json(back->task)), 600).c_str());
  FUZZ_CHECK(back->header.user_id == t->header.user_id && back->header.task_id == t->task.id, "header changed");
}

void check_reminder_due(const core::Event& e) {
  const auto r = core::ReminderDue::parse(e);
  if (!r) return;
  check_header(r->header, e);
  FUZZ_CHECK(r->header.task_id && *r->header.task_id == r->task_id, "reminder of no task");
  if (!representable(r->due_date) || !representable(r->reminder_at)) return;
  const auto made = core::ReminderDue::make(r->header.user_id, r->task_id, r->title, r->due_date, r->reminder_at,
                                            r->timezone, kOrigin, fuzz::fixed_now());
  const auto back = core::ReminderDue::parse(deliver(made));
  FUZZ_CHECK(back.has_value(), "a re-made reminder.due does not parse: %s",
             fuzz::excerpt(json::serialize(made.data), 600).c_str());
  FUZZ_CHECK(back->task_id == r->task_id && back->title == r->title && back->due_date == r->due_date &&
                 back->reminder_at == r->reminder_at && back->timezone == r->timezone &&
                 back->header.user_id == r->header.user_id,
             "the reminder changed on the way: %s", fuzz::excerpt(json::serialize(made.data), 600).c_str());
}

void check_notification(const core::Event& e) {
  const auto n = core::NotificationCreated::parse(e);
  if (!n) return;
  check_header(n->header, e);
  FUZZ_CHECK(n->notification.user_id == n->header.user_id, "notification of another user");
  if (!representable(n->notification.created_at)) return;
  const auto made = core::NotificationCreated::make(n->notification, kOrigin, fuzz::fixed_now());
  const auto back = core::NotificationCreated::parse(deliver(made));
  FUZZ_CHECK(back.has_value(), "a re-made notification.created does not parse: %s",
             fuzz::excerpt(json::serialize(made.data), 600).c_str());
  FUZZ_CHECK(core::to_json(back->notification) == core::to_json(n->notification),
             "the notification changed on the way: %s", fuzz::excerpt(json::serialize(made.data), 600).c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  boost::system::error_code ec;
  auto doc = json::parse(fuzz::as_text(data, size), ec);  // as runtime/dapr/dapr_event_bus.cpp parse_delivery
  if (ec || !doc.is_object()) return 0;
  const auto e = core::parse_event(doc.get_object());
  if (!e) return 0;
  FUZZ_CHECK(!e->id.empty() && !e->type.empty(), "an event without id or type");

  // The envelope survives a round trip (time only where RFC 3339 can carry it).
  const auto again = core::parse_event(e->to_cloud_event());
  FUZZ_CHECK(again.has_value(), "to_cloud_event of an accepted event is not an event");
  FUZZ_CHECK(again->id == e->id && again->type == e->type && again->subject == e->subject &&
                 again->partition_key == e->partition_key && again->source == e->source &&
                 again->traceparent == e->traceparent && again->data == e->data,
             "the envelope changed on the way");
  if (representable(e->time)) FUZZ_CHECK(again->time == e->time, "the event time changed on the way");

  (void)core::EventHeader::parse(*e);
  (void)e->data_string("user_id");
  (void)core::trace_id_of(e->traceparent);
  (void)core::child_traceparent(e->traceparent);
  check_task_changed(*e);
  check_reminder_due(*e);
  check_notification(*e);
  return 0;
}
