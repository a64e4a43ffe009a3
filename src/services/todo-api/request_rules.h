#pragma once
// Request rules of todo-api that need no database (pure logic).
#include <optional>
#include <string>
#include <string_view>

#include "core/events.h"
#include "core/task.h"
#include "net/http.h"
#include "net/json_body.h"

namespace todo::services::todo_api {

// If-Match (RFC 9110 §13.1.1): absent, "*", or a list of versions such as
// "3", 3 or W/"3". A value that names no current version of the resource
// ("task", "project") throws ApiError(PreconditionFailed).
void check_if_match(const net::Request& req, long long version, std::string_view resource);
inline void check_if_match(const net::Request& req, const core::Task& task) {
  check_if_match(req, task.version, "task");
}

// ETag: "<version>", the version If-Match names.
void set_version_etag(net::Response& res, long long version);

// The Idempotency-Key header, if present: 1-255 visible ASCII characters,
// else ApiError(BadRequest).
std::optional<std::string> idempotency_key(const net::Request& req);

// The origin of the events a request causes: todo-api, the request's id
// as correlation id, its trace context.
core::EventOrigin origin_of(const net::Request& req);

std::string task_location(std::string_view user_id, std::string_view task_id);
std::string project_location(std::string_view user_id, std::string_view project_id);

// The body of PATCH …/complete: none toggles (nullopt); {"completed": bool}
// sets. Throws ApiError(ValidationFailed) for anything else.
std::optional<bool> completion_wanted(const net::Request& req);

}  // namespace todo::services::todo_api
