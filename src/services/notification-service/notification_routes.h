#pragma once
// notification-service's public routes (DESIGN §3.5).
#include <array>

#include "net/http.h"
#include "services/route_table.h"
#include "services/service_context.h"

namespace todo::services::notification {

class NotificationRoutes {
 public:
  explicit NotificationRoutes(const ServiceContext& ctx) : ctx_(ctx) {}
  net::Response list(net::Request& req);
  net::Response mark_read(net::Request& req);
  net::Response read_all(net::Request& req);
  net::Response remove(net::Request& req);

 private:
  ServiceContext ctx_;
};

inline constexpr std::array<RouteSpec<NotificationRoutes>, 4> kNotificationRoutes = {{
    {"GET", "/api/{user_id}/notifications", &NotificationRoutes::list},
    {"PATCH", "/api/{user_id}/notifications/{id}/read", &NotificationRoutes::mark_read},
    {"POST", "/api/{user_id}/notifications/read-all", &NotificationRoutes::read_all},
    {"DELETE", "/api/{user_id}/notifications/{id}", &NotificationRoutes::remove},
}};

}  // namespace todo::services::notification
