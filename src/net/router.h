#pragma once
// Method + path routing with {name} segments. Static paths hit an exact-match
// table first (the fast path); patterns are tried by segment count. A path
// that exists under other methods yields 405 with the Allow list.
#include <string>
#include <string_view>
#include <functional>
#include <unordered_map>
#include <vector>

#include "net/http.h"

namespace todo::net {

// Where a handler runs: Inline on the network thread (cheap, never blocks:
// liveness), on the worker pool (anything touching the database), Isolated
// on a small pool of its own (CPU-heavy work such as password hashing,
// which must never occupy the request workers), or on the Operations thread
// (readiness and metrics, which query the database but must answer while the
// workers are saturated: that is when they are needed).
enum class Execution { Inline, Worker, Isolated, Operations };

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  Execution execution = Execution::Worker;
  std::string service;  // app id that owns the route, for logs and metrics
};

// A route's method and path pattern, without its handler.
struct RouteKey {
  std::string method;
  std::string pattern;
};

class Router {
 public:
  void add(Route route);
  // Serves GET/HEAD requests no route matched (the web app's files); `service`
  // names the owner in logs and metrics.
  void set_fallback(Handler handler, std::string service, Execution execution = Execution::Worker);

  struct Match {
    enum class Kind { Found, NotFound, MethodNotAllowed } kind = Kind::NotFound;
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // for MethodNotAllowed, e.g. "GET, PUT, PATCH, DELETE"
  };
  Match match(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::unordered_map<std::string, std::vector<size_t>> static_routes_;  // path -> route indexes
  std::vector<size_t> pattern_routes_;
  Route fallback_;
  bool has_fallback_ = false;
};

// A check that runs before every handler of a ServiceRoutes and throws
// (core::ApiError) to refuse the request: a start-up gate, an API token.
using Guard = std::function<void(const Request&)>;

// Registers the routes of one service: `routes.get("/healthz", h)`. Guards
// given here wrap every handler registered through this object.
class ServiceRoutes {
 public:
  ServiceRoutes(Router& router, std::string service, std::vector<Guard> guards = {})
      : router_(router), service_(std::move(service)), guards_(std::move(guards)) {}
  void get(std::string pattern, Handler h, Execution e = Execution::Worker) { add("GET", std::move(pattern), std::move(h), e); }
  void post(std::string pattern, Handler h, Execution e = Execution::Worker) { add("POST", std::move(pattern), std::move(h), e); }
  void put(std::string pattern, Handler h, Execution e = Execution::Worker) { add("PUT", std::move(pattern), std::move(h), e); }
  void patch(std::string pattern, Handler h, Execution e = Execution::Worker) { add("PATCH", std::move(pattern), std::move(h), e); }
  void del(std::string pattern, Handler h, Execution e = Execution::Worker) { add("DELETE", std::move(pattern), std::move(h), e); }
  void add(std::string method, std::string pattern, Handler h, Execution e = Execution::Worker);
  void set_fallback(Handler h, Execution e = Execution::Worker);
  const std::string& service() const { return service_; }
  // The same router and service with one more guard.
  ServiceRoutes with(Guard guard) const;

 private:
  Handler guarded(Handler h) const;

  Router& router_;
  std::string service_;
  std::vector<Guard> guards_;
};

std::vector<std::string_view> split_path(std::string_view path);

}  // namespace todo::net
