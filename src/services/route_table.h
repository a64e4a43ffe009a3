#pragma once
// A service's routes as data: method, pattern and the handler member of its
// routes class. One table serves two purposes: binding the handlers, and
// telling the gateway which paths to forward to the service when it runs in
// another process (services/registry).
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "net/router.h"

namespace todo::services {

template <class Handlers>
struct RouteSpec {
  std::string_view method;
  std::string_view pattern;
  net::Response (Handlers::*handle)(net::Request&);
  net::Execution execution = net::Execution::Worker;
};

template <class Handlers, size_t N>
void bind_routes(net::ServiceRoutes& routes, Handlers& handlers, const std::array<RouteSpec<Handlers>, N>& table) {
  for (const auto& r : table)
    routes.add(std::string(r.method), std::string(r.pattern),
               [&handlers, h = r.handle](net::Request& req) { return (handlers.*h)(req); }, r.execution);
}

template <class Handlers, size_t N>
std::vector<net::RouteKey> route_keys(const std::array<RouteSpec<Handlers>, N>& table) {
  std::vector<net::RouteKey> keys;
  keys.reserve(N);
  for (const auto& r : table) keys.push_back(net::RouteKey{std::string(r.method), std::string(r.pattern)});
  return keys;
}

}  // namespace todo::services
