#include "services/todo-api/request_rules.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/strings.h"
#include "services/todo-api/todo_api_service.h"

namespace todo::services::todo_api {

void check_if_match(const net::Request& req, long long version, std::string_view resource) {
  if (!req.has_header("if-match")) return;
  const auto current = std::to_string(version);
  for (auto tag : core::split_list(req.header("if-match"))) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') tag = tag.substr(1, tag.size() - 2);
    if (tag == "*" || tag == current) return;
  }
  throw core::ApiError(core::ErrorCode::PreconditionFailed,
                       "the " + std::string(resource) + " has changed: its version is " + current);
}

void set_version_etag(net::Response& res, long long version) {
  res.set_header("ETag", "\"" + std::to_string(version) + "\"");
}

std::optional<std::string> idempotency_key(const net::Request& req) {
  if (!req.has_header("idempotency-key")) return std::nullopt;
  const auto key = req.header("idempotency-key");
  bool ok = !key.empty() && key.size() <= 255;
  for (char c : key) ok = ok && c >= 0x21 && c <= 0x7e;
  if (!ok) throw core::bad_request("Idempotency-Key must be 1-255 visible ASCII characters");
  return std::string(key);
}

core::EventOrigin origin_of(const net::Request& req) { return {std::string(kAppId), req.request_id, req.traceparent}; }

std::string task_location(std::string_view user_id, std::string_view task_id) {
  return "/api/" + std::string(user_id) + "/tasks/" + std::string(task_id);
}

std::string project_location(std::string_view user_id, std::string_view project_id) {
  return "/api/" + std::string(user_id) + "/projects/" + std::string(project_id);
}

std::optional<bool> completion_wanted(const net::Request& req) {
  if (!net::has_body(req)) return std::nullopt;
  const auto body = net::json_body(req);
  std::optional<bool> wanted;
  core::Problems problems;
  if (!body.is_object()) {
    problems.add("body", "must be a JSON object");
  } else {
    for (const auto& [k, v] : body.get_object()) {
      if (k != "completed") problems.add(std::string(k), "is not a known field");
      else if (!v.is_bool()) problems.add("completed", "must be true or false");
      else wanted = v.get_bool();
    }
    if (problems.empty() && !wanted) problems.add("completed", "is required");
  }
  problems.throw_if_any();
  return wanted;
}

}  // namespace todo::services::todo_api
