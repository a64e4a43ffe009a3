#pragma once
// The task resource of DESIGN §3.3 (with project_id and deleted_at of §3.8)
// and its JSON form.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace todo::core {

enum class Priority { Low = 1, Medium = 2, High = 3 };  // the numbers order them

std::string_view to_string(Priority p);
std::optional<Priority> parse_priority(std::string_view s);  // case-insensitive

// A task's status is derived from `completed`, so the two always agree.
inline std::string_view status_name(bool completed) { return completed ? "completed" : "pending"; }

struct Task {
  std::string id;
  std::string user_id;
  std::string title;
  std::string description;
  Priority priority = Priority::Medium;
  std::vector<std::string> tags;
  bool completed = false;  // status is derived from it, so the two always agree
  std::optional<Instant> due_date;
  std::optional<Instant> reminder_at;
  bool reminder_sent = false;
  std::optional<std::string> recurrence;  // canonical RRULE text
  std::optional<Instant> recurrence_end;
  std::string timezone = "UTC";
  std::optional<std::string> parent_task_id;
  std::optional<std::string> project_id;  // null: the inbox (DESIGN §3.8)
  Instant created_at{};
  Instant updated_at{};
  std::optional<Instant> completed_at;
  long long version = 1;
  // Set while the task is in the trash; status keeps what it was.
  std::optional<Instant> deleted_at;

  std::string_view status() const { return status_name(completed); }
  bool overdue(Instant now) const { return !completed && due_date && *due_date < now; }
};

// A task's fields as views into text someone else owns: a listed page is
// written straight from the database's rows through it, with no Task built
// (no copy of a field, no allocation per task).
struct TaskView {
  std::string_view id, user_id, title, description;
  Priority priority = Priority::Medium;
  std::span<const std::string_view> tags;
  bool completed = false;
  std::optional<Instant> due_date, reminder_at;
  bool reminder_sent = false;
  std::optional<std::string_view> recurrence;
  std::optional<Instant> recurrence_end;
  std::string_view timezone;
  std::optional<std::string_view> parent_task_id, project_id;
  Instant created_at{}, updated_at{};
  std::optional<Instant> completed_at;
  long long version = 1;
  std::optional<Instant> deleted_at;
};

// `tags` holds the views of view.tags; both must outlive the view.
TaskView view_of(const Task& task, std::vector<std::string_view>& tags);
Task to_task(const TaskView& view);

boost::json::object to_json(const Task& task);

// The same JSON as serialize(to_json(task)), appended to `out` without
// building a tree: a listed page is most of the server's CPU per request
// (a unit test holds the two equal).
void append_json(std::string& out, const TaskView& task);
void append_json(std::string& out, const Task& task);
// `s` as a JSON string literal (quotes and escapes), appended to `out`.
void append_json_string(std::string& out, std::string_view s);

// Optional values as JSON: the RFC 3339 text / the string, or null.
boost::json::value json_or_null(const std::optional<Instant>& t);
boost::json::value json_or_null(const std::optional<std::string>& s);
boost::json::array json_array(const std::vector<std::string>& items);
// The inverse, for consumers that receive a task inside an event. Throws
// std::invalid_argument when a required field is missing or malformed.
Task task_from_json(const boost::json::object& o);

}  // namespace todo::core
