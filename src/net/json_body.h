#pragma once
// Request bodies: JSON only (415 otherwise), parsed strictly (400 malformed_json).
#include <boost/json/value.hpp>

#include "net/http.h"

namespace todo::net {

// The body as JSON. Throws ApiError: UnsupportedMediaType when a body is not
// declared application/json, MalformedJson when it does not parse.
boost::json::value json_body(const Request& req);
// True when the request carries a body (non-empty).
inline bool has_body(const Request& req) { return !req.body.empty(); }

}  // namespace todo::net
