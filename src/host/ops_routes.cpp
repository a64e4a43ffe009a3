#include "host/ops_routes.h"

#include <boost/json.hpp>

#include "core/error.h"
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
    if (!ok)
      throw core::ApiError(core::ErrorCode::Unavailable, "the database is unreachable").with_retry_after(1);
    return net::json_response(200, boost::json::object{{"status", "ready"}, {"database", "up"}});
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
