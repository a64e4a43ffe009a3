#include "net/router.h"

#include <algorithm>

namespace todo::net {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const size_t j = path.find('/', i);
    parts.push_back(path.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j;
  }
  return parts;
}

void Router::add(Route route) {
  const bool dynamic = route.pattern.find('{') != std::string::npos;
  routes_.push_back(std::move(route));
  const size_t index = routes_.size() - 1;
  if (dynamic) pattern_routes_.push_back(index);
  else static_routes_[routes_[index].pattern].push_back(index);
}

void Router::set_fallback(Handler handler, std::string service, Execution execution) {
  fallback_ = Route{"GET", "*", std::move(handler), execution, std::move(service)};
  has_fallback_ = true;
}

Handler ServiceRoutes::guarded(Handler h) const {
  if (guards_.empty()) return h;
  return [guards = guards_, h = std::move(h)](Request& req) {
    for (const auto& g : guards) g(req);
    return h(req);
  };
}

void ServiceRoutes::add(std::string method, std::string pattern, Handler h, Execution e) {
  router_.add(Route{std::move(method), std::move(pattern), guarded(std::move(h)), e, service_});
}

void ServiceRoutes::set_fallback(Handler h, Execution e) { router_.set_fallback(guarded(std::move(h)), service_, e); }

ServiceRoutes ServiceRoutes::with(Guard guard) const {
  auto guards = guards_;
  guards.push_back(std::move(guard));
  return ServiceRoutes(router_, service_, std::move(guards));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  // Every route whose path matches, any method: static ones first (the fast
  // path), then patterns, so a static path never hides a pattern route that
  // serves another method.
  std::vector<const Route*> candidates;
  std::vector<std::vector<std::pair<std::string, std::string>>> candidate_params;
  auto method_matches = [&](const Route& r) { return r.method == method || (method == "HEAD" && r.method == "GET"); };

  if (auto it = static_routes_.find(std::string(path)); it != static_routes_.end()) {
    for (size_t i : it->second) {
      if (method_matches(routes_[i])) {
        m.kind = Match::Kind::Found;
        m.route = &routes_[i];
        return m;
      }
      candidates.push_back(&routes_[i]);
      candidate_params.emplace_back();
    }
  }
  const auto parts = split_path(path);
  for (size_t i : pattern_routes_) {
    const auto& route = routes_[i];
    const auto pattern = split_path(route.pattern);
    if (pattern.size() != parts.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool ok = true;
    for (size_t k = 0; k < parts.size() && ok; ++k) {
      const auto seg = pattern[k];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        params.emplace_back(std::string(seg.substr(1, seg.size() - 2)), std::string(parts[k]));
      } else {
        ok = seg == parts[k];
      }
    }
    if (!ok) continue;
    if (method_matches(route)) {
      m.kind = Match::Kind::Found;
      m.route = &route;
      m.params = std::move(params);
      return m;
    }
    candidates.push_back(&route);
    candidate_params.push_back(std::move(params));
  }

  if (!candidates.empty()) {
    m.kind = Match::Kind::MethodNotAllowed;
    std::vector<std::string> methods;
    for (const auto* r : candidates) {
      if (std::find(methods.begin(), methods.end(), r->method) == methods.end()) methods.push_back(r->method);
      if (r->method == "GET" && std::find(methods.begin(), methods.end(), "HEAD") == methods.end())
        methods.push_back("HEAD");
    }
    for (size_t i = 0; i < methods.size(); ++i) m.allow += (i ? ", " : "") + methods[i];
    return m;
  }
  if (has_fallback_ && (method == "GET" || method == "HEAD")) {
    m.kind = Match::Kind::Found;
    m.route = &fallback_;
  }
  return m;
}

}  // namespace todo::net
