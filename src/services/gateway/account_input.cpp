#include "services/gateway/account_input.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/error.h"
#include "core/utf8.h"

namespace todo::services::gateway {
namespace json = boost::json;
using core::Problems;

namespace {

constexpr size_t kMaxPassword = 1024;  // hashing cost must stay bounded
constexpr size_t kMaxName = 100;

const json::object& object_body(const json::value& body) {
  if (!body.is_object())
    throw core::ApiError(core::ErrorCode::ValidationFailed, "body must be a JSON object", {{"body", "must be a JSON object"}});
  return body.get_object();
}

std::optional<std::string> string_field(const json::object& o, std::string_view key, Problems& problems,
                                        bool required) {
  const auto* v = o.if_contains(key);
  if (!v) {
    if (required) problems.add(std::string(key), "is required");
    return std::nullopt;
  }
  if (!v->is_string()) {
    problems.add(std::string(key), "must be a string");
    return std::nullopt;
  }
  return std::string(v->get_string());
}

void reject_unknown(const json::object& o, std::initializer_list<std::string_view> known, Problems& problems) {
  for (const auto& [k, v] : o)
    if (std::find(known.begin(), known.end(), k) == known.end()) problems.add(std::string(k), "is not a known field");
}

}  // namespace

bool plausible_email(std::string_view e) {
  if (e.size() < 3 || e.size() > 254) return false;
  const auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || e.find('@', at + 1) != std::string_view::npos) return false;
  const auto domain = e.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' || domain.find("..") != std::string_view::npos)
    return false;
  for (char c : e)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' ||
        c == '"' || c == '\\')
      return false;
  return true;
}

SignUp parse_sign_up(const json::value& body) {
  const auto& o = object_body(body);
  Problems problems;
  reject_unknown(o, {"email", "password", "name"}, problems);
  SignUp s;
  if (auto email = string_field(o, "email", problems, true)) {
    s.email = std::string(core::utf8::trim(*email));
    if (!plausible_email(s.email)) problems.add("email", "must be an email address such as ada@example.com");
  }
  if (auto password = string_field(o, "password", problems, true)) {
    const auto n = core::utf8::length(*password);
    if (n < 8) problems.add("password", "must be at least 8 characters");
    else if (password->size() > kMaxPassword) problems.add("password", "must be at most 1024 bytes");
    s.password = std::move(*password);
  }
  if (const auto* name = o.if_contains("name"); name && name->is_null()) {
    // null means no name
  } else if (auto n = string_field(o, "name", problems, false)) {
    s.name = std::string(core::utf8::trim(*n));
    if (core::utf8::length(s.name) > kMaxName) problems.add("name", "must be at most 100 characters");
    else if (core::utf8::has_control(s.name)) problems.add("name", "must not contain control characters");
  }
  problems.throw_if_any();
  return s;
}

SignIn parse_sign_in(const json::value& body) {
  const auto& o = object_body(body);
  Problems problems;
  reject_unknown(o, {"email", "password"}, problems);
  SignIn s;
  if (auto email = string_field(o, "email", problems, true)) s.email = std::string(core::utf8::trim(*email));
  if (auto password = string_field(o, "password", problems, true)) s.password = std::move(*password);
  if (s.email.size() > 254) problems.add("email", "must be at most 254 characters");
  if (s.password.size() > kMaxPassword) problems.add("password", "must be at most 1024 bytes");
  problems.throw_if_any();
  return s;
}

}  // namespace todo::services::gateway
