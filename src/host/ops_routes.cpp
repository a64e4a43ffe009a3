#include "host/ops_routes.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "obs/metrics.h"

namespace todo::host {
namespace {

core::ApiError unavailable(const std::string& why) {
  return core::ApiError(core::ErrorCode::Unavailable, why).with_retry_after(1);
}

}  // namespace

void add_ops_routes(net::ServiceRoutes& r, db::Pool& db, ReadinessCheck not_ready) {
  r.get("/healthz", [](net::Request&) { return net::json_response(200, boost::json::object{{"status", "ok"}}); },
        net::Execution::Inline);
  r.get("/readyz", [&db, not_ready = std::move(not_ready)](net::Request&) {
    if (const auto why = not_ready(); !why.empty()) throw unavailable(why);
    bool ok = false;
    try {
      auto conn = db.acquire();
      ok = conn->exec("SELECT 1").size() == 1;
    } catch (const std::exception&) {
      ok = false;
    }
    if (!ok) throw unavailable("the database is unreachable");
    return net::json_response(200, boost::json::object{{"status", "ready"}, {"database", "up"}});
  }, net::Execution::Operations);
  // Off the network thread (some gauges are computed with a query at scrape
  // time) and off the request workers (a scrape must answer while they are
  // saturated).
  r.get("/metrics", [](net::Request&) {
    net::Response res;
    res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    res.body = obs::metrics().render();
    return res;
  }, net::Execution::Operations);
}

}  // namespace todo::host
