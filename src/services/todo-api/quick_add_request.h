#pragma once
// Quick add (DESIGN §3.8) between HTTP and the parser, with no I/O: the
// request body, the task a parse result becomes (through the same rules as
// POST …/tasks), and the "parsed" object clients show.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/quick_add.h"
#include "core/task.h"
#include "services/todo-api/project_rules.h"

namespace todo::services::todo_api {

// {"text": "…", "timezone": "Europe/Berlin"?}; timezone absent or null =
// UTC. Throws ApiError(ValidationFailed) for a missing or non-string text,
// a timezone that is not a string, and unknown fields. The text's own rules
// and the zone's validity are the parser's.
struct QuickAddBody {
  std::string text;
  std::string timezone = "UTC";
};
QuickAddBody parse_quick_add_body(const boost::json::value& body);

// The recognised project's id: names are unique per user, so the name the
// parser returns names one project.
std::optional<std::string> project_id_of(const core::QuickAddResult& parsed, const std::vector<ProjectName>& projects);

// The new task: the parse result as a create body through core::make_task
// (title, rules, reminder not after due date…), in the request's zone, filed
// in `project_id`. Throws ApiError(ValidationFailed) as a create would.
core::Task quick_add_task(const core::QuickAddResult& parsed, const std::string& timezone,
                          const std::optional<std::string>& project_id);

// The "parsed" object: core::to_json of the result (title, due_date and
// all_day, recurrence, priority, reminder_at, tags, project — the name —,
// matches; each only when recognised) plus project_id with the project.
boost::json::object parsed_json(const core::QuickAddResult& parsed, const std::optional<std::string>& project_id);

}  // namespace todo::services::todo_api
