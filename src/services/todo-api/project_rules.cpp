#include "services/todo-api/project_rules.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "core/error.h"
#include "core/page_cursor.h"
#include "core/utf8.h"

namespace todo::services::todo_api {
namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 7> kReadOnly = {"id",         "user_id",    "task_count", "pending_count",
                                                       "created_at", "updated_at", "version"};

void read_name(const json::value& v, ProjectInput& in, core::Problems& problems) {
  if (!v.is_string()) {
    problems.add("name", v.is_null() ? "must not be null" : "must be a string");
    return;
  }
  const auto trimmed = core::utf8::trim(v.get_string());
  if (trimmed.empty()) problems.add("name", "must not be empty");
  else if (core::utf8::length(trimmed) > core::kMaxProjectName) problems.add("name", "must be at most 100 characters");
  else if (core::utf8::has_control(trimmed)) problems.add("name", "must not contain control characters");
  else in.name = std::string(trimmed);
}

void read_color(const json::value& v, ProjectInput& in, core::Problems& problems) {
  if (v.is_null()) {
    in.color = std::string(core::kDefaultProjectColor);
    return;
  }
  auto color = v.is_string() ? core::parse_project_color(v.get_string()) : std::nullopt;
  if (!color) {
    std::string palette;
    for (const auto c : core::kProjectColors) palette += (palette.empty() ? "" : ", ") + std::string(c);
    problems.add("color", "must be one of " + palette);
    return;
  }
  in.color = std::move(*color);
}

void read_position(const json::value& v, ProjectInput& in, core::Problems& problems) {
  if (v.is_uint64()) {  // beyond int64: past the end all the same
    in.position = LLONG_MAX;
  } else if (!v.is_int64()) {
    problems.add("position", "must be an integer");
  } else if (v.get_int64() < 0) {
    problems.add("position", "must be 0 or more");
  } else {
    in.position = v.get_int64();
  }
}

ProjectInput parse_fields(const json::value& body, bool patch) {
  if (!body.is_object())
    throw core::ApiError(core::ErrorCode::ValidationFailed, "body must be a JSON object",
                         {{"body", "must be a JSON object"}});
  ProjectInput in;
  core::Problems problems;
  for (const auto& [key, v] : body.get_object()) {
    if (key == "name") read_name(v, in, problems);
    else if (key == "color") read_color(v, in, problems);
    else if (key == "position" && patch) read_position(v, in, problems);
    else if (key == "position") problems.add("position", "is set by PATCH; a new project goes last");
    else if (std::find(kReadOnly.begin(), kReadOnly.end(), key) != kReadOnly.end())
      problems.add(std::string(key), "is read-only");
    else problems.add(std::string(key), "is not a known field");
  }
  if (!patch && !in.name && !body.get_object().contains("name")) problems.add("name", "is required");
  problems.throw_if_any();
  return in;
}

}  // namespace

ProjectInput parse_project_create(const json::value& body) { return parse_fields(body, false); }
ProjectInput parse_project_patch(const json::value& body) { return parse_fields(body, true); }

bool delete_tasks_param(const core::QueryParams& params) {
  core::check_params(params, {"delete_tasks"});
  const auto* v = core::find_param(params, "delete_tasks");
  if (!v || *v == "false") return false;
  if (*v == "true") return true;
  throw core::bad_request("delete_tasks must be true or false");
}

int final_position(long long requested, int count) {
  return static_cast<int>(std::clamp<long long>(requested, 0, std::max(count - 1, 0)));
}

PositionShift shift_for_move(int from, int to) {
  if (to > from) return {from + 1, to, -1};
  if (to < from) return {to, from - 1, +1};
  return {from, from, 0};
}

PositionShift shift_for_removal(int position) { return {position + 1, INT_MAX, -1}; }

std::vector<core::FieldChange> apply_project_input(core::Project& p, const ProjectInput& in,
                                                   std::optional<int> position) {
  std::vector<core::FieldChange> changes;
  if (in.name && *in.name != p.name) {
    changes.push_back({"name", json::value(p.name), json::value(*in.name)});
    p.name = *in.name;
  }
  if (in.color && *in.color != p.color) {
    changes.push_back({"color", json::value(p.color), json::value(*in.color)});
    p.color = *in.color;
  }
  if (position && *position != p.position) {
    changes.push_back({"position", json::value(p.position), json::value(*position)});
    p.position = *position;
  }
  return changes;
}

}  // namespace todo::services::todo_api
