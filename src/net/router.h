#pragma once
// Method + path routing with {name} segments. Static paths hit an exact-match
// table first (the fast path); patterns are tried by segment count. A path
// that exists under other methods yields 405 with the Allow list.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "net/http.h"

namespace todo::net {

// Where a handler runs: Inline on the network thread (cheap, never blocks:
// health, metrics) or on the worker pool (anything touching the database).
enum class Execution { Inline, Worker };

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  Execution execution = Execution::Worker;
  std::string service;  // app id that owns the route, for logs and metrics
};

class Router {
 public:
  void add(Route route);
  // Serves GET/HEAD requests no route matched (the web app's files).
  void set_fallback(Handler handler, Execution execution = Execution::Worker);

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

// Registers the routes of one service: `routes.get("/healthz", h)`.
class ServiceRoutes {
 public:
  ServiceRoutes(Router& router, std::string service) : router_(router), service_(std::move(service)) {}
  void get(std::string pattern, Handler h, Execution e = Execution::Worker) { add("GET", std::move(pattern), std::move(h), e); }
  void post(std::string pattern, Handler h, Execution e = Execution::Worker) { add("POST", std::move(pattern), std::move(h), e); }
  void put(std::string pattern, Handler h, Execution e = Execution::Worker) { add("PUT", std::move(pattern), std::move(h), e); }
  void patch(std::string pattern, Handler h, Execution e = Execution::Worker) { add("PATCH", std::move(pattern), std::move(h), e); }
  void del(std::string pattern, Handler h, Execution e = Execution::Worker) { add("DELETE", std::move(pattern), std::move(h), e); }
  void add(std::string method, std::string pattern, Handler h, Execution e) {
    router_.add(Route{std::move(method), std::move(pattern), std::move(h), e, service_});
  }

 private:
  Router& router_;
  std::string service_;
};

std::vector<std::string_view> split_path(std::string_view path);

}  // namespace todo::net
