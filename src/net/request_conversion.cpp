#include "net/request_conversion.h"

#include <boost/url/parse.hpp>

#include "core/strings.h"
#include "core/utf8.h"
#include "net/dispatcher.h"
#include "net/error_mapping.h"
#include "obs/log.h"

namespace todo::net {
namespace {

bool acceptable_text(std::string_view s) { return s.find('\0') == std::string_view::npos && core::utf8::is_valid(s); }

}  // namespace

bool to_request(const boost::beast::http::request<boost::beast::http::string_body>& in, const std::string& remote,
                Request& out) {
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  const auto url = boost::urls::parse_origin_form(in.target());
  if (!url) return false;
  out.path = url->path();
  if (!acceptable_text(out.path)) return false;
  for (const auto& p : url->params()) {
    if (!acceptable_text(p.key) || !acceptable_text(p.value)) return false;
    out.query.emplace_back(p.key, p.value);
  }
  out.headers.reserve(16);
  for (const auto& f : in) out.headers.emplace_back(core::ascii_lower(f.name_string()), std::string(f.value()));
  out.body = in.body();
  out.remote_address = remote;
  return true;
}

Response protocol_error(core::ErrorCode code, std::string message) {
  const auto id = choose_request_id({});
  auto res = error_response(core::ApiError(code, std::move(message)), id);
  res.set_header("X-Request-Id", id);
  res.set_header("Connection", "close");
  obs::info("http", "rejected request", {{"status", res.status}, {"reason", error_code_name(code)}});
  return res;
}

}  // namespace todo::net
