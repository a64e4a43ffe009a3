#pragma once
// The one list of the platform's services (DESIGN §1): app id, port when it
// runs alone, what its outbox carries, its public routes, and how to make it.
// Hosts, configuration (SERVICES) and the per-service executables all read
// the app ids from here.
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "net/router.h"
#include "services/service.h"
#include "services/service_context.h"

namespace todo::services {

struct ServiceInfo {
  std::string_view app_id;
  uint16_t port;  // its own port beside a sidecar
  // The outbox topics its rows go to: event topics, and "intents" when it
  // causes calls or Jobs API requests after commit. Beside Dapr, its relay
  // publishes exactly these.
  std::vector<std::string_view> outbox_topics;
  // Its public API, forwarded by the gateway when it runs in another process.
  std::vector<net::RouteKey> (*public_routes)();
  std::unique_ptr<Service> (*make)(const ServiceContext& ctx, const ServiceSettings& settings);
};

// In start order: producers before consumers does not matter for
// correctness (outboxes), but the gateway is last so that the public edge
// opens onto services that are up.
const std::vector<ServiceInfo>& service_registry();
const ServiceInfo* find_service(std::string_view app_id);

}  // namespace todo::services
