#pragma once
// The one mapping from errors to the HTTP error contract of DESIGN §3.1:
// {"error": {"code", "message", "details", "request_id"}}.
#include <exception>
#include <string_view>

#include "core/error.h"
#include "net/http.h"

namespace todo::net {

int http_status(core::ErrorCode code);
std::string_view error_code_name(core::ErrorCode code);

Response error_response(const core::ApiError& e, std::string_view request_id);
// Any exception: ApiError as above, a DependencyFailure that is unavailable
// (the database is down) as 503, anything
// else as 500 (logged by the caller, never shown to the client).
Response error_response(std::exception_ptr e, std::string_view request_id, bool* is_internal = nullptr);

}  // namespace todo::net
