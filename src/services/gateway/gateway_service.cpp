#include "services/gateway/gateway_service.h"

#include "services/gateway/edge_forwarding.h"
#include "services/gateway/web_app.h"

namespace todo::services::gateway {

void GatewayService::add_routes(net::ServiceRoutes& routes) {
  bind_routes(routes, accounts_, kAccountRoutes);
  add_forwarding_routes(routes, ctx_.invoker, opts_.remote_routes);
  routes.set_fallback(make_web_app_handler(opts_.web_root));
}

}  // namespace todo::services::gateway
