#pragma once
// audit-service: consumes every task-events event (task.* and project.*) and
// keeps exactly one audit entry per event; serves GET /api/{user_id}/audit
// (DESIGN §3.5, §3.8).
#include <memory>
#include <string_view>
#include <vector>

#include "services/audit-service/audit_consumer.h"
#include "services/audit-service/audit_routes.h"
#include "services/service.h"

namespace todo::services::audit {

inline constexpr std::string_view kAppId = "audit-service";

class AuditService final : public Service {
 public:
  explicit AuditService(const ServiceContext& ctx) : routes_(ctx), consumer_(ctx) {}
  std::string_view app_id() const override { return kAppId; }
  void add_routes(net::ServiceRoutes& routes) override;
  void subscribe(runtime::EventBus& bus) override;

  AuditConsumer& consumer() { return consumer_; }
  static std::vector<net::RouteKey> public_routes() { return route_keys(kAuditRoutes); }

 private:
  AuditRoutes routes_;
  AuditConsumer consumer_;
};

}  // namespace todo::services::audit
