#include "services/todo-api/quick_add_request.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/task_input.h"

namespace todo::services::todo_api {
namespace json = boost::json;

QuickAddBody parse_quick_add_body(const json::value& body) {
  if (!body.is_object())
    throw core::ApiError(core::ErrorCode::ValidationFailed, "body must be a JSON object",
                         {{"body", "must be a JSON object"}});
  QuickAddBody out;
  core::Problems problems;
  bool has_text = false;
  for (const auto& [key, v] : body.get_object()) {
    if (key == "text") {
      has_text = true;
      if (v.is_string()) out.text = std::string(v.get_string());
      else problems.add("text", v.is_null() ? "must not be null" : "must be a string");
    } else if (key == "timezone") {
      if (v.is_string()) out.timezone = std::string(v.get_string());
      else if (!v.is_null()) problems.add("timezone", "must be an IANA time zone such as Europe/Berlin");
    } else {
      problems.add(std::string(key), "is not a known field");
    }
  }
  if (!has_text) problems.add("text", "is required");
  problems.throw_if_any();
  return out;
}

std::optional<std::string> project_id_of(const core::QuickAddResult& parsed, const std::vector<ProjectName>& projects) {
  if (!parsed.project) return std::nullopt;
  for (const auto& p : projects)
    if (p.name == *parsed.project) return p.id;
  return std::nullopt;
}

core::Task quick_add_task(const core::QuickAddResult& r, const std::string& timezone,
                          const std::optional<std::string>& project_id) {
  json::object body{{"title", r.title}, {"timezone", timezone}};
  if (r.due_date) body["due_date"] = core::format_rfc3339(*r.due_date);
  if (r.reminder_at) body["reminder_at"] = core::format_rfc3339(*r.reminder_at);
  if (r.recurrence) body["recurrence"] = *r.recurrence;
  if (r.priority) body["priority"] = core::to_string(*r.priority);
  if (!r.tags.empty()) body["tags"] = core::json_array(r.tags);
  if (project_id) body["project_id"] = *project_id;
  return core::make_task(body);
}

json::object parsed_json(const core::QuickAddResult& r, const std::optional<std::string>& project_id) {
  auto o = core::to_json(r);
  if (project_id) o["project_id"] = *project_id;
  return o;
}

}  // namespace todo::services::todo_api
