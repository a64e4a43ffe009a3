#pragma once
// notification-service: turns each reminder.due into exactly one
// notification and announces it on task-updates (notification.created);
// serves the notifications API of DESIGN §3.5.
#include <string_view>
#include <vector>

#include "services/notification-service/notification_consumer.h"
#include "services/notification-service/notification_routes.h"
#include "services/service.h"

namespace todo::services::notification {

inline constexpr std::string_view kAppId = "notification-service";

class NotificationService final : public Service {
 public:
  explicit NotificationService(const ServiceContext& ctx) : routes_(ctx), consumer_(ctx) {}
  std::string_view app_id() const override { return kAppId; }
  void add_routes(net::ServiceRoutes& routes) override;
  void subscribe(runtime::EventBus& bus) override;

  NotificationConsumer& consumer() { return consumer_; }
  static std::vector<net::RouteKey> public_routes() { return route_keys(kNotificationRoutes); }

 private:
  NotificationRoutes routes_;
  NotificationConsumer consumer_;
};

}  // namespace todo::services::notification
