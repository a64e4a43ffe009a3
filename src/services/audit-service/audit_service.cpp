#include "services/audit-service/audit_service.h"

#include "runtime/typed_handler.h"

namespace todo::services::audit {

void AuditService::add_routes(net::ServiceRoutes& routes) { bind_routes(routes, routes_, kAuditRoutes); }

void AuditService::subscribe(runtime::EventBus& bus) {
  // Every event of the stream is recorded, whatever its type, as long as it
  // carries the common fields.
  bus.subscribe(runtime::Subscription{
      std::string(core::topics::kTaskEvents), std::string(kAppId),
      runtime::typed<core::EventHeader>(kAppId, [this](const core::EventHeader& h, const core::Event& e) {
        return consumer_.on_task_event(h, e);
      })});
}

}  // namespace todo::services::audit
