#include "net/json_body.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/strings.h"

namespace todo::net {
using core::ApiError;
using core::ErrorCode;

namespace {

bool has_nul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

// Whether any string or key holds a NUL ("\u0000"): valid JSON, but cut
// short where it reaches C APIs such as libpq, so it is refused up front.
bool contains_nul(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::string:
      return has_nul(v.get_string());
    case boost::json::kind::array:
      for (const auto& e : v.get_array())
        if (contains_nul(e)) return true;
      return false;
    case boost::json::kind::object:
      for (const auto& kv : v.get_object())
        if (has_nul(kv.key()) || contains_nul(kv.value())) return true;
      return false;
    default:
      return false;
  }
}

}  // namespace

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
  if (contains_nul(v)) throw ApiError(ErrorCode::MalformedJson, "request body contains a NUL character (\\u0000)");
  return v;
}

}  // namespace todo::net
