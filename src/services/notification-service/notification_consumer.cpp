#include "services/notification-service/notification_consumer.h"

#include "core/uuid.h"
#include "runtime/consume_once.h"
#include "services/notification-service/notification_repository.h"
#include "services/notification-service/notification_service.h"
#include "services/notification-service/reminder_message.h"

namespace todo::services::notification {

runtime::Delivery NotificationConsumer::on_reminder(const core::ReminderDue& r, const core::Event& event) {
  return runtime::consume_once(ctx_.db, kAppId, event, [&](db::Transaction& tx) {
    const auto now = ctx_.clock.now();
    const core::Notification draft{core::new_uuid(), r.header.user_id, r.task_id, "reminder",
                                   reminder_message(r.title, r.due_date, r.timezone), false, now};
    const auto created = NotificationRepository(tx.connection()).insert(draft, event.id);
    if (!created) return runtime::Delivery::Success;  // already notified
    // No request caused this: it is correlated with the reminder that did.
    ctx_.bus.publish(tx, core::topics::kTaskUpdates,
                     core::NotificationCreated::make(*created, {std::string(kAppId), event.id, event.traceparent}, now));
    return runtime::Delivery::Success;
  });
}

}  // namespace todo::services::notification
