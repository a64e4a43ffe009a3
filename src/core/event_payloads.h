#pragma once
// The payloads of the platform's events as types (DESIGN §2.2), with one
// serialisation (make_event) and one parse each. Producers build events only
// through these; consumers parse with them, and a payload that does not parse
// is an event no retry can fix (runtime::typed() answers Drop).
//
// Parsing is strict about what a consumer relies on (ids are UUIDs, instants
// are RFC 3339) and ignores unknown fields (schema evolution is additive).
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/project.h"
#include "core/task.h"
#include "core/task_input.h"

namespace todo::core {

// The fields every event of the platform carries in `data`.
struct EventHeader {
  static bool accepts(std::string_view) { return true; }
  std::string event_id;
  std::string event_type;
  std::string user_id;
  Instant occurred_at{};
  std::string correlation_id;
  std::optional<std::string> task_id;  // null for events about no task

  static std::optional<EventHeader> parse(const Event& event);
};

// task.created|updated|completed|reopened|deleted on task-events and task-updates.
struct TaskChanged {
  EventHeader header;
  Task task;  // after the change (before it, for task.deleted)
  boost::json::object changes;  // task.updated: {"field": {"from", "to"}}

  bool changed(std::string_view field) const { return changes.contains(field); }
  bool is_deletion() const { return header.event_type == event_types::kTaskDeleted; }

  static bool accepts(std::string_view type) { return type.starts_with("task."); }
  static std::optional<TaskChanged> parse(const Event& event);
  static Event make(std::string_view type, const Task& task, const EventOrigin& origin, Instant now,
                    const std::vector<FieldChange>* changes = nullptr);
};

// project.created|updated|deleted on task-events and task-updates: data
// {…, project_id, project: {…the project resource…}, changes (updated)}.
// No task_id: an audit entry of a project event has task_id null.
struct ProjectChanged {
  EventHeader header;
  std::string project_id;
  boost::json::object project;  // the resource after the change (before it, for project.deleted)
  boost::json::object changes;  // project.updated: {"field": {"from", "to"}}

  static bool accepts(std::string_view type) { return type.starts_with("project."); }
  static std::optional<ProjectChanged> parse(const Event& event);
  static Event make(std::string_view type, const Project& project, const EventOrigin& origin, Instant now,
                    const std::vector<FieldChange>* changes = nullptr);
};

// reminder.due on reminders.
struct ReminderDue {
  EventHeader header;
  std::string task_id;
  std::string title;
  std::optional<Instant> due_date;
  Instant reminder_at{};
  std::string timezone = "UTC";

  static bool accepts(std::string_view type) { return type == event_types::kReminderDue; }
  static std::optional<ReminderDue> parse(const Event& event);
  // `origin.correlation_id` is the id of what caused it (no request does).
  static Event make(std::string_view user_id, std::string_view task_id, std::string_view title,
                    const std::optional<Instant>& due_date, Instant reminder_at, std::string_view timezone,
                    const EventOrigin& origin, Instant now);
};

// notification.created on task-updates.
struct Notification {
  std::string id;
  std::string user_id;
  std::optional<std::string> task_id;
  std::string type;
  std::string message;
  bool read = false;
  Instant created_at{};
};
boost::json::object to_json(const Notification& n);

struct NotificationCreated {
  EventHeader header;
  Notification notification;

  static bool accepts(std::string_view type) { return type == event_types::kNotificationCreated; }
  static std::optional<NotificationCreated> parse(const Event& event);
  static Event make(const Notification& notification, const EventOrigin& origin, Instant now);
};

}  // namespace todo::core
