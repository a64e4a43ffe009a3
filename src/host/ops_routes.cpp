#include "host/ops_routes.h"

#include <boost/json.hpp>

#include "obs/metrics.h"

namespace todo::host {

void add_ops_routes(net::Router& router, db::Pool& db) {
  net::ServiceRoutes r(router, "todo-platform");
  r.get("/healthz", [](net::Request&) { return net::json_response(200, boost::json::object{{"status", "ok"}}); },
        net::Execution::Inline);
  r.get("/readyz", [&db](net::Request&) {
    bool ok = false;
    try {
      auto conn = db.acquire();
      ok = conn->exec("SELECT 1").size() == 1;
    } catch (const std::exception&) {
      ok = false;
    }
    if (ok) return net::json_response(200, boost::json::object{{"status", "ready"}, {"database", "up"}});
    auto res = net::json_response(
        503, boost::json::object{{"error", boost::json::object{{"code", "unavailable"},
                                                               {"message", "the database is unreachable"},
                                                               {"details", boost::json::array{}},
                                                               {"request_id", ""}}}});
    res.set_header("Retry-After", "1");
    return res;
  });
  // On the worker pool: some gauges are computed with a query at scrape time.
  r.get("/metrics", [](net::Request&) {
    net::Response res;
    res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    res.body = obs::metrics().render();
    return res;
  });
}

}  // namespace todo::host
