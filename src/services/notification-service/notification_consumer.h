#pragma once
// notification-service's consumer of `reminders`: one notification per
// reminder.due event, announced on task-updates (notification.created) in the
// same transaction.
#include "core/event_payloads.h"
#include "runtime/event_bus.h"
#include "services/service_context.h"

namespace todo::services::notification {

class NotificationConsumer {
 public:
  explicit NotificationConsumer(const ServiceContext& ctx) : ctx_(ctx) {}
  runtime::Delivery on_reminder(const core::ReminderDue& reminder, const core::Event& event);

 private:
  ServiceContext ctx_;
};

}  // namespace todo::services::notification
