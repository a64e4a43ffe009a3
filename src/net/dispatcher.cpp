#include "net/dispatcher.h"

#include <set>
#include <unordered_map>

#include "core/error.h"
#include "core/events.h"
#include "core/uuid.h"
#include "net/error_mapping.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace todo::net {
using core::ApiError;
using core::ErrorCode;

std::string choose_request_id(std::string_view v) {
  if (!v.empty() && v.size() <= 128) {
    bool ok = true;
    for (char c : v)
      ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '_' || c == '.' || c == ':');
    if (ok) return std::string(v);
  }
  return core::new_uuid();
}

Dispatcher::Prepared Dispatcher::prepare(Request& req) const {
  req.request_id = choose_request_id(req.header("x-request-id"));
  req.traceparent = core::child_traceparent(req.header("traceparent"));
  Prepared p;
  auto m = router_.match(req.method, req.path);
  switch (m.kind) {
    case Router::Match::Kind::Found:
      req.path_params = std::move(m.params);
      req.route = m.route->pattern;
      p.route = m.route;
      p.execution = m.route->execution;
      break;
    case Router::Match::Kind::MethodNotAllowed: {
      req.route = "method_not_allowed";
      auto r = error_response(ApiError(ErrorCode::MethodNotAllowed, req.method + " is not allowed on this path"),
                              req.request_id);
      r.set_header("Allow", m.allow);
      p.immediate = std::move(r);
      break;
    }
    case Router::Match::Kind::NotFound:
      req.route = "not_found";
      p.immediate = error_response(ApiError(ErrorCode::NotFound, "no such route"), req.request_id);
      break;
  }
  return p;
}

Response Dispatcher::run(const Route& route, Request& req) const {
  obs::LogContext ctx(req.request_id, core::trace_id_of(req.traceparent));
  try {
    return route.handler(req);
  } catch (...) {
    bool internal = false;
    auto res = error_response(std::current_exception(), req.request_id, &internal);
    if (internal) {
      obs::error(route.service, "handler failed", {{"route", req.route}, {"error", core::current_exception_message()}});
    }
    return res;
  }
}

void Dispatcher::finish(const Request& req, Response& res, std::chrono::steady_clock::duration elapsed) const {
  res.set_header("X-Request-Id", req.request_id);
  // No response is ever to be sniffed into another type; API answers are
  // per user and never to be kept by a cache or a shared proxy.
  res.set_header("X-Content-Type-Options", "nosniff");
  if (res.header("Cache-Control").empty() && res.file_path.empty()) res.set_header("Cache-Control", "no-store");
  const double seconds = std::chrono::duration<double>(elapsed).count();
  // The registry is looked up once per (method, route, status) and thread:
  // routes are patterns, so the set is small, and the hot path takes no lock.
  struct RouteMetrics {
    obs::Counter* requests;
    obs::Histogram* latency;
  };
  thread_local std::unordered_map<std::string, RouteMetrics> cache;
  // Clients choose the method: unknown ones share one label, so they cannot
  // grow the set of metric series without bound.
  static const std::set<std::string, std::less<>> kMethods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  const std::string method = kMethods.count(req.method) ? req.method : "OTHER";
  const std::string status = std::to_string(res.status);
  const std::string key = method + ' ' + req.route + ' ' + status;
  auto it = cache.find(key);
  if (it == cache.end()) {
    auto& reg = obs::metrics();
    it = cache
             .emplace(key, RouteMetrics{&reg.counter("http_requests_total", "HTTP requests by route and status",
                                                     {{"method", method}, {"route", req.route}, {"status", status}}),
                                        &reg.histogram("http_request_duration_seconds", "HTTP request latency by route",
                                                       {{"method", method}, {"route", req.route}})})
             .first;
  }
  it->second.requests->inc();
  it->second.latency->observe(seconds);
  const bool noisy = req.route == "/healthz" || req.route == "/readyz" || req.route == "/metrics";
  if (noisy ? obs::enabled(obs::Level::Debug) : obs::enabled(obs::Level::Info)) {
    obs::LogContext ctx(req.request_id, core::trace_id_of(req.traceparent));
    obs::log(noisy ? obs::Level::Debug : obs::Level::Info, "http", "request",
             {{"method", req.method},
              {"route", req.route},
              {"status", res.status},
              {"duration_us", static_cast<long long>(seconds * 1e6)},
              {"remote", req.remote_address}});
  }
}

Response Dispatcher::handle(Request& req) const {
  const auto start = std::chrono::steady_clock::now();
  auto p = prepare(req);
  Response res = p.immediate ? std::move(*p.immediate) : run(*p.route, req);
  finish(req, res, std::chrono::steady_clock::now() - start);
  return res;
}

}  // namespace todo::net
