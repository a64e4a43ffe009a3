#pragma once
// notification-service: turns each reminder.due into exactly one
// notification and announces it on task-updates (notification.created);
// serves the notifications API of DESIGN §3.5.
#include "net/router.h"
#include "runtime/event_bus.h"
#include "services/service_context.h"

namespace todo::services::notification {

inline constexpr std::string_view kAppId = "notification-service";

class NotificationService {
 public:
  explicit NotificationService(ServiceContext ctx) : ctx_(ctx) {}
  void add_routes(net::Router& router);
  void subscribe(runtime::EventBus& bus);

  runtime::Delivery on_reminder(const core::Event& event);

 private:
  net::Response list(net::Request& req);
  net::Response mark_read(net::Request& req);
  net::Response read_all(net::Request& req);
  net::Response remove(net::Request& req);
  ServiceContext ctx_;
};

// "Reminder: “Pay rent” is due Tue 01 Dec 2026 09:00 (Europe/Berlin)".
std::string reminder_message(std::string_view title, const std::optional<core::Instant>& due, std::string_view tz);

}  // namespace todo::services::notification
