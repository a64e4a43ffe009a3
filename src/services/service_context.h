#pragma once
// What a service is given by its host: its database and the ports of
// DESIGN §1. The same service code runs embedded and beside a Dapr sidecar;
// only the adapters behind these references change.
#include <string>
#include <vector>

#include "auth/jwt.h"
#include "db/pool.h"
#include "net/router.h"
#include "runtime/clock.h"
#include "runtime/event_bus.h"
#include "runtime/invoker.h"
#include "runtime/scheduler.h"
#include "runtime/state_store.h"

namespace todo::services {

// A public route of a service hosted in another process.
struct RemoteRoute {
  std::string app_id;
  net::RouteKey key;
};

// Settings some services take from the host's configuration.
struct ServiceSettings {
  std::string web_root = "web/dist";   // gateway: the built web app
  std::vector<RemoteRoute> remote_routes;  // gateway: what it forwards through the Invoker
  int auth_rate_limit = 120;                 // gateway: sign-up + sign-in requests per minute per client (0: off)
  std::vector<std::string> trusted_proxies;  // gateway: proxies whose X-Forwarded-For names the client
};

struct ServiceContext {
  db::Pool& db;
  runtime::EventBus& bus;
  const auth::JwtCodec& jwt;
  const runtime::Clock& clock;
  runtime::Invoker& invoker;
  runtime::Scheduler& scheduler;
  runtime::StateStore& state;  // keys are this service's own (prefixed with its app id)
};

}  // namespace todo::services
