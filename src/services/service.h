#pragma once
// A service is one component with one shape (DESIGN §8.1; userver's
// components are the model): its public routes, the internal routes other
// services call, its subscriptions, its jobs, and start/stop. A host
// (src/host) composes services over one runtime: todo-platform all six
// embedded, `bin/<app id>` exactly one beside a Dapr sidecar. A service
// never knows which.
#include <string_view>

#include "net/router.h"
#include "net/websocket.h"
#include "runtime/event_bus.h"
#include "runtime/scheduler.h"

namespace todo::services {

class Service {
 public:
  virtual ~Service() = default;
  virtual std::string_view app_id() const = 0;

  // The public API (reached through the gateway when the service runs alone).
  virtual void add_routes(net::ServiceRoutes& routes) { (void)routes; }
  // Routes other services call through the Invoker; never reachable from
  // outside (embedded: not on the public port; beside Dapr: not forwarded by
  // the gateway, and guarded by the app API token).
  virtual void add_internal_routes(net::ServiceRoutes& routes) { (void)routes; }
  virtual void subscribe(runtime::EventBus& bus) { (void)bus; }
  virtual void register_jobs(runtime::Scheduler& scheduler) { (void)scheduler; }
  // The upgrade endpoint of a service that serves WebSockets.
  virtual net::WsEndpoint* websocket() { return nullptr; }

  // After the database and the runtime are up, before the first request.
  virtual void start() {}
  // After requests and deliveries have stopped.
  virtual void stop() {}
};

}  // namespace todo::services
