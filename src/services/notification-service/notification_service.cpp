#include "services/notification-service/notification_service.h"

#include "runtime/typed_handler.h"

namespace todo::services::notification {

void NotificationService::add_routes(net::ServiceRoutes& routes) { bind_routes(routes, routes_, kNotificationRoutes); }

void NotificationService::subscribe(runtime::EventBus& bus) {
  bus.subscribe(runtime::Subscription{
      std::string(core::topics::kReminders), std::string(kAppId),
      runtime::typed<core::ReminderDue>(kAppId, [this](const core::ReminderDue& r, const core::Event& e) {
        return consumer_.on_reminder(r, e);
      })});
}

}  // namespace todo::services::notification
