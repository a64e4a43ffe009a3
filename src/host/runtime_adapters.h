#pragma once
// The adapters behind the ports, as one set the host composes services over:
// LocalRuntime (PostgreSQL, in-process invocation) for todo-platform,
// DaprRuntime (the sidecar's HTTP API) for a service's own executable.
#include <string>
#include <string_view>

#include "host/config.h"
#include "net/dispatcher.h"
#include "net/router.h"
#include "runtime/event_bus.h"
#include "runtime/invoker.h"
#include "runtime/scheduler.h"
#include "runtime/state_store.h"
#include "services/registry.h"

namespace todo::host {

class RuntimeAdapters {
 public:
  virtual ~RuntimeAdapters() = default;
  virtual runtime::EventBus& bus() = 0;
  virtual runtime::Scheduler& scheduler() = 0;
  virtual runtime::Invoker& invoker() = 0;
  // The state store as `app_id` sees it (keys prefixed with its app id).
  virtual runtime::StateStore& state(std::string_view app_id) = 0;

  // A service this process hosts, with the dispatcher of its internal routes.
  // Register before start().
  virtual void host(const services::ServiceInfo& service, const net::Dispatcher& internal) = 0;
  // Routes the runtime serves itself: `early` ones answer from the first
  // moment (a sidecar asks for the subscriptions and probes bindings as soon
  // as the app listens), `gated` ones once the process has started.
  virtual void add_routes(net::ServiceRoutes& early, net::ServiceRoutes& gated) {
    (void)early;
    (void)gated;
  }
  // Fills in what the environment left unset from the secret store (Dapr),
  // retrying until it answers or `stopping` becomes true.
  virtual void resolve_secrets(Config& config, const std::function<bool()>& stopping) {
    (void)config;
    (void)stopping;
  }

  // The database is reachable and migrated.
  virtual void start() = 0;
  virtual void stop() = 0;
  // Why this runtime cannot serve (Dapr: the sidecar), or empty.
  virtual std::string not_ready() { return {}; }
};

}  // namespace todo::host
