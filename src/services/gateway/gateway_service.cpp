#include "services/gateway/gateway_service.h"

#include "services/gateway/edge_forwarding.h"
#include "services/gateway/web_app.h"

namespace todo::services::gateway {

void GatewayService::add_routes(net::ServiceRoutes& routes) {
  // A request carrying a password counts against its client's rate first.
  auto limited = routes.with([this](const net::Request& req) { rate_limit_.check(req); });
  bind_routes(limited, accounts_, kCredentialRoutes);
  bind_routes(routes, accounts_, kSessionRoutes);
  add_forwarding_routes(routes, ctx_.invoker, opts_.remote_routes);
  routes.set_fallback(make_web_app_handler(opts_.web_root));
}

}  // namespace todo::services::gateway
