#include "core/event_payloads.h"

#include <boost/json.hpp>

#include "core/uuid.h"

namespace todo::core {
namespace json = boost::json;

namespace {

const json::string* string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? &v->get_string() : nullptr;
}

std::optional<std::string> uuid_at(const json::object& o, std::string_view key) {
  const auto* s = string_at(o, key);
  if (!s || !is_uuid(*s)) return std::nullopt;
  return std::string(*s);
}

std::optional<Instant> instant_at(const json::object& o, std::string_view key) {
  const auto* s = string_at(o, key);
  return s ? parse_rfc3339(*s) : std::nullopt;
}

// A field that may be null or absent: nullopt for those, and `bad` set when
// present but malformed.
std::optional<Instant> optional_instant_at(const json::object& o, std::string_view key, bool& bad) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  const auto t = v->is_string() ? parse_rfc3339(v->get_string()) : std::nullopt;
  if (!t) bad = true;
  return t;
}

// An event about one resource of `kind` ("task", "project"): data
// {<kind>_id, <kind>: {…the resource…}, changes (for an update)}.
Event resource_event(std::string_view type, std::string_view kind, std::string_view user_id, std::string_view id,
                     json::object resource, const EventOrigin& origin, Instant now,
                     const std::vector<FieldChange>* changes) {
  json::object fields{{std::string(kind) + "_id", id}, {kind, std::move(resource)}};
  if (changes) fields["changes"] = changes_to_json(*changes);
  return make_event(type, user_id, id, now, origin, std::move(fields));
}

// The `changes` of an update event; empty for the others.
json::object changes_of(const Event& e) {
  const auto* c = e.data.if_contains("changes");
  return c && c->is_object() ? c->get_object() : json::object{};
}

}  // namespace

std::optional<EventHeader> EventHeader::parse(const Event& e) {
  EventHeader h;
  h.event_id = e.id;
  h.event_type = e.type;
  auto user = uuid_at(e.data, "user_id");
  auto occurred = instant_at(e.data, "occurred_at");
  if (!is_uuid(e.id) || e.type.empty() || !user || !occurred) return std::nullopt;
  h.user_id = std::move(*user);
  h.occurred_at = *occurred;
  if (const auto* c = string_at(e.data, "correlation_id")) h.correlation_id = *c;
  if (const auto* t = e.data.if_contains("task_id"); t && !t->is_null()) {
    if (!t->is_string() || !is_uuid(t->get_string())) return std::nullopt;
    h.task_id = std::string(t->get_string());
  }
  return h;
}

std::optional<TaskChanged> TaskChanged::parse(const Event& e) {
  auto header = EventHeader::parse(e);
  const auto* task = e.data.if_contains("task");
  if (!header || !task || !task->is_object()) return std::nullopt;
  TaskChanged out;
  try {
    out.task = task_from_json(task->get_object());
  } catch (const std::exception&) {
    return std::nullopt;
  }
  // The task must be the one the event names, of the user it names, and its
  // ids must be ids: a consumer would otherwise retry a database error until
  // the event dead-letters, instead of dropping it at once.
  if (out.task.user_id != header->user_id || (header->task_id && *header->task_id != out.task.id)) return std::nullopt;
  if (!is_uuid(out.task.id) || (out.task.parent_task_id && !is_uuid(*out.task.parent_task_id)) ||
      (out.task.project_id && !is_uuid(*out.task.project_id)))
    return std::nullopt;
  out.changes = changes_of(e);
  out.header = std::move(*header);
  return out;
}

Event TaskChanged::make(std::string_view type, const Task& task, const EventOrigin& origin, Instant now,
                        const std::vector<FieldChange>* changes) {
  return resource_event(type, "task", task.user_id, task.id, to_json(task), origin, now, changes);
}

std::optional<ProjectChanged> ProjectChanged::parse(const Event& e) {
  auto header = EventHeader::parse(e);
  auto id = uuid_at(e.data, "project_id");
  const auto* project = e.data.if_contains("project");
  if (!header || !id || !project || !project->is_object()) return std::nullopt;
  // The project must be the one the event names, of the user it names.
  const auto& p = project->get_object();
  if (uuid_at(p, "id") != id || uuid_at(p, "user_id") != header->user_id) return std::nullopt;
  ProjectChanged out;
  out.header = std::move(*header);
  out.project_id = std::move(*id);
  out.project = p;
  out.changes = changes_of(e);
  return out;
}

Event ProjectChanged::make(std::string_view type, const Project& project, const EventOrigin& origin, Instant now,
                           const std::vector<FieldChange>* changes) {
  return resource_event(type, "project", project.user_id, project.id, to_json(project), origin, now, changes);
}

std::optional<ReminderDue> ReminderDue::parse(const Event& e) {
  auto header = EventHeader::parse(e);
  if (!header || !header->task_id) return std::nullopt;
  const auto at = instant_at(e.data, "reminder_at");
  bool bad = false;
  const auto due = optional_instant_at(e.data, "due_date", bad);
  if (!at || bad) return std::nullopt;
  ReminderDue out;
  out.task_id = *header->task_id;
  if (const auto* t = string_at(e.data, "title")) out.title = *t;
  out.due_date = due;
  out.reminder_at = *at;
  if (const auto* tz = string_at(e.data, "timezone"); tz && !tz->empty()) out.timezone = *tz;
  out.header = std::move(*header);
  return out;
}

Event ReminderDue::make(std::string_view user_id, std::string_view task_id, std::string_view title,
                        const std::optional<Instant>& due_date, Instant reminder_at, std::string_view timezone,
                        const EventOrigin& origin, Instant now) {
  return make_event(event_types::kReminderDue, user_id, task_id, now, origin,
                    json::object{{"task_id", task_id},
                                 {"title", title},
                                 {"due_date", json_or_null(due_date)},
                                 {"reminder_at", format_rfc3339(reminder_at)},
                                 {"timezone", timezone}});
}

json::object to_json(const Notification& n) {
  return json::object{{"id", n.id},
                      {"user_id", n.user_id},
                      {"task_id", json_or_null(n.task_id)},
                      {"type", n.type},
                      {"message", n.message},
                      {"read", n.read},
                      {"created_at", format_rfc3339(n.created_at)}};
}

std::optional<NotificationCreated> NotificationCreated::parse(const Event& e) {
  auto header = EventHeader::parse(e);
  const auto* n = e.data.if_contains("notification");
  if (!header || !n || !n->is_object()) return std::nullopt;
  const auto& o = n->get_object();
  NotificationCreated out;
  auto id = uuid_at(o, "id");
  auto user = uuid_at(o, "user_id");
  const auto created = instant_at(o, "created_at");
  const auto* read = o.if_contains("read");
  if (!id || !user || *user != header->user_id || !created || !read || !read->is_bool()) return std::nullopt;
  out.notification.id = std::move(*id);
  out.notification.user_id = std::move(*user);
  out.notification.task_id = uuid_at(o, "task_id");
  if (const auto* t = string_at(o, "type")) out.notification.type = *t;
  if (const auto* m = string_at(o, "message")) out.notification.message = *m;
  out.notification.read = read->get_bool();
  out.notification.created_at = *created;
  out.header = std::move(*header);
  return out;
}

Event NotificationCreated::make(const Notification& n, const EventOrigin& origin, Instant now) {
  return make_event(event_types::kNotificationCreated, n.user_id, n.id, now, origin,
                    json::object{{"task_id", json_or_null(n.task_id)}, {"notification", to_json(n)}});
}

}  // namespace todo::core
