#pragma once
// audit-service: consumes every task-events event and keeps exactly one audit
// entry per event; serves GET /api/{user_id}/audit (DESIGN §3.5).
#include "net/router.h"
#include "runtime/event_bus.h"
#include "services/service_context.h"

namespace todo::services::audit {

inline constexpr std::string_view kAppId = "audit-service";

class AuditService {
 public:
  explicit AuditService(ServiceContext ctx) : ctx_(ctx) {}
  void add_routes(net::Router& router);
  void subscribe(runtime::EventBus& bus);

  // The event handler, public for tests.
  runtime::Delivery on_task_event(const core::Event& event);

 private:
  net::Response list(net::Request& req);
  ServiceContext ctx_;
};

}  // namespace todo::services::audit
