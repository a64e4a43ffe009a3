#include "services/gateway/edge_forwarding.h"

#include <array>

#include "core/strings.h"

namespace todo::services::gateway {
namespace {

constexpr std::array<std::string_view, 6> kRequestHeaders = {"authorization", "content-type", "idempotency-key",
                                                             "if-match",      "x-request-id", "traceparent"};
// DESIGN §8.4's list, and Idempotent-Replayed (todo-api's answer to a
// repeated Idempotency-Key, part of the public API).
constexpr std::array<std::string_view, 6> kResponseHeaders = {"location",         "etag",  "retry-after",
                                                              "www-authenticate", "allow", "idempotent-replayed"};

template <size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
  for (const auto n : names)
    if (core::iequals(n, name)) return true;
  return false;
}

}  // namespace

net::Request forwarded_request(const net::Request& req) {
  net::Request out;
  out.method = req.method;
  out.target = req.target;
  out.path = req.path;
  out.query = req.query;
  out.body = req.body;
  out.request_id = req.request_id;
  for (const auto& [k, v] : req.headers)
    if (listed(kRequestHeaders, k) && !core::iequals(k, "x-request-id") && !core::iequals(k, "traceparent"))
      out.headers.emplace_back(k, v);
  // The ids this request runs under, so the callee logs and traces the same.
  out.headers.emplace_back("x-request-id", req.request_id);
  out.headers.emplace_back("traceparent", req.traceparent);
  return out;
}

net::Response forwarded_response(net::Response res) {
  net::Response out;
  out.status = res.status;
  out.body = std::move(res.body);
  out.content_type = res.header("content-type").empty() ? res.content_type : std::string(res.header("content-type"));
  for (auto& [k, v] : res.headers)
    if (listed(kResponseHeaders, k)) out.headers.emplace_back(std::move(k), std::move(v));
  return out;
}

void add_forwarding_routes(net::ServiceRoutes& routes, runtime::Invoker& invoker,
                           const std::vector<RemoteRoute>& remote_routes) {
  for (const auto& r : remote_routes) {
    // The Invoker answers 503 `unavailable` with Retry-After itself when the
    // callee cannot be reached.
    routes.add(r.key.method, r.key.pattern, [&invoker, app = r.app_id](net::Request& req) {
      return forwarded_response(invoker.invoke(app, forwarded_request(req)));
    });
  }
}

}  // namespace todo::services::gateway
