#pragma once
// audit-service's consumer of task-events: exactly one audit entry per event
// (task and project events alike; a project event's entry has no task_id),
// however often it is delivered.
#include "core/event_payloads.h"
#include "runtime/event_bus.h"
#include "services/service_context.h"

namespace todo::services::audit {

class AuditConsumer {
 public:
  explicit AuditConsumer(const ServiceContext& ctx) : ctx_(ctx) {}
  runtime::Delivery on_task_event(const core::EventHeader& header, const core::Event& event);

 private:
  ServiceContext ctx_;
};

}  // namespace todo::services::audit
