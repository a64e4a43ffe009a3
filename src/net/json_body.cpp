#include "net/json_body.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/strings.h"

namespace todo::net {
using core::ApiError;
using core::ErrorCode;

boost::json::value json_body(const Request& req) {
  const auto type = core::ascii_lower(req.header("content-type"));
  const auto base = type.substr(0, type.find(';'));
  const auto trimmed = base.substr(0, base.find_last_not_of(' ') + 1);
  if (trimmed != "application/json" && !(trimmed.size() > 5 && trimmed.ends_with("+json")))
    throw ApiError(ErrorCode::UnsupportedMediaType, "request body must be application/json");
  if (req.body.empty()) throw ApiError(ErrorCode::MalformedJson, "request body must be a JSON document");
  boost::system::error_code ec;
  boost::json::parse_options opts;
  opts.max_depth = 32;  // deep nesting is never legitimate here
  auto v = boost::json::parse(req.body, ec, {}, opts);
  if (ec) throw ApiError(ErrorCode::MalformedJson, "request body is not valid JSON: " + ec.message());
  return v;
}

}  // namespace todo::net
