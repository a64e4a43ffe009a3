#include "services/audit-service/audit_consumer.h"

#include <boost/json.hpp>

#include "core/uuid.h"
#include "runtime/consume_once.h"
#include "services/audit-service/audit_repository.h"
#include "services/audit-service/audit_service.h"

namespace todo::services::audit {

runtime::Delivery AuditConsumer::on_task_event(const core::EventHeader& header, const core::Event& event) {
  // The entry is the record of the event: one per event id, a second ignored.
  return runtime::consume_idempotent(ctx_.db, event, [&](db::Transaction& tx) {
    AuditRepository(tx.connection())
        .insert(AuditEntry{core::new_uuid(), header.event_id, header.event_type, header.task_id, header.user_id,
                           header.occurred_at, ctx_.clock.now(), boost::json::serialize(event.data)});
    return runtime::Delivery::Success;
  });
}

}  // namespace todo::services::audit
