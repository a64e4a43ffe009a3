#pragma once
// Event names and the CloudEvents 1.0 envelope of DESIGN §2.2. Producers build
// an Event here and hand it to the EventBus port; consumers parse the envelope
// back with parse_event and ignore fields they do not know.
#include <array>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace todo::core {

namespace topics {
inline constexpr std::string_view kTaskEvents = "task-events";
inline constexpr std::string_view kTaskUpdates = "task-updates";
inline constexpr std::string_view kReminders = "reminders";
}  // namespace topics

namespace event_types {
inline constexpr std::string_view kTaskCreated = "task.created";
inline constexpr std::string_view kTaskUpdated = "task.updated";
inline constexpr std::string_view kTaskCompleted = "task.completed";
inline constexpr std::string_view kTaskReopened = "task.reopened";
inline constexpr std::string_view kTaskDeleted = "task.deleted";
inline constexpr std::string_view kTaskRestored = "task.restored";
inline constexpr std::string_view kProjectCreated = "project.created";
inline constexpr std::string_view kProjectUpdated = "project.updated";
inline constexpr std::string_view kProjectDeleted = "project.deleted";
inline constexpr std::string_view kReminderDue = "reminder.due";
inline constexpr std::string_view kNotificationCreated = "notification.created";

// Every type todo-api publishes on task-events and task-updates (DESIGN §2.1).
inline constexpr std::array<std::string_view, 9> kTaskEventsTypes = {
    kTaskCreated, kTaskUpdated,    kTaskCompleted,   kTaskReopened,   kTaskDeleted,
    kTaskRestored, kProjectCreated, kProjectUpdated, kProjectDeleted};
}  // namespace event_types

inline constexpr int kSchemaVersion = 1;

// Where an event comes from: the producing app and the request (or event) that caused it.
struct EventOrigin {
  std::string source;          // app id of the producer
  std::string correlation_id;  // request id that caused it
  std::string traceparent;     // W3C trace context; generated when empty
};

struct Event {
  std::string id;
  std::string type;
  std::string subject;        // e.g. the task id
  std::string partition_key;  // the user id: per-user order
  Instant time{};
  std::string source;
  std::string traceparent;
  boost::json::object data;  // includes event_id, event_type, schema_version, user_id, occurred_at...

  // The structured-mode CloudEvent JSON document.
  boost::json::object to_cloud_event() const;
  // A string field of `data`, or "" when absent or not a string.
  std::string data_string(std::string_view key) const;
};

// Builds an event whose data starts with the common fields
// {event_id, event_type, schema_version, user_id, occurred_at, correlation_id}
// followed by `fields`.
Event make_event(std::string_view type, std::string_view user_id, std::string_view subject, Instant now,
                 const EventOrigin& origin, boost::json::object fields);

// Parses a CloudEvent document (as delivered). Returns nullopt when it is not
// one of ours (no id/type/data object).
std::optional<Event> parse_event(const boost::json::object& cloud_event);

// "00-<trace id>-<span id>-01". `parent` keeps its trace id when well-formed.
std::string child_traceparent(std::string_view parent);
// The 32-hex trace id of a traceparent, or "" when malformed.
std::string trace_id_of(std::string_view traceparent);

}  // namespace todo::core
