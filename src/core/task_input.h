#pragma once
// Turns a request body into a validated change of a task (DESIGN §3.3 rules).
// Create and update share one field parser: a create is a patch applied to a
// blank task with `title` required.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/task.h"

namespace todo::core {

inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxDescription = 4000;
inline constexpr size_t kMaxTags = 20;
inline constexpr size_t kMaxTagLength = 32;

// Absent fields are nullopt; for optional fields an inner nullopt means the
// client sent null (clear the field).
struct TaskPatch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<Priority> priority;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::optional<Instant>> due_date;
  std::optional<std::optional<Instant>> reminder_at;
  std::optional<std::optional<std::string>> recurrence;  // canonical RRULE
  std::optional<std::optional<Instant>> recurrence_end;
  std::optional<std::string> timezone;
  // A uuid (that the caller must check names one of the user's projects) or
  // null: the inbox.
  std::optional<std::optional<std::string>> project_id;
};

// Parses and validates each field on its own. Throws ApiError
// (ValidationFailed) listing every broken field; unknown and read-only fields
// are broken fields too.
TaskPatch parse_task_patch(const boost::json::value& body);

// Normalises one tag (trim, lower-case) or returns nullopt if it breaks the rule.
std::optional<std::string> normalize_tag(std::string_view raw);

// What changed, for the `changes` of a task.updated event.
struct FieldChange {
  std::string field;
  boost::json::value from;
  boost::json::value to;
};

// Applies `patch` to `task` and checks the rules that involve several fields
// (reminder_at not after due_date; a recurring task needs a due_date).
// Moving reminder_at re-arms the reminder (reminder_sent = false).
// Throws ApiError (ValidationFailed). Returns the changed fields.
std::vector<FieldChange> apply_patch(Task& task, const TaskPatch& patch);

// A new task from a create body: the patch applied to a blank task; `title` is required.
Task make_task(const boost::json::value& body);

boost::json::object changes_to_json(const std::vector<FieldChange>& changes);

}  // namespace todo::core
