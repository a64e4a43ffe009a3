#pragma once
// audit-service's public route (DESIGN §3.5): GET /api/{user_id}/audit,
// newest first.
#include <array>

#include "net/http.h"
#include "services/route_table.h"
#include "services/service_context.h"

namespace todo::services::audit {

class AuditRoutes {
 public:
  explicit AuditRoutes(const ServiceContext& ctx) : ctx_(ctx) {}
  net::Response list(net::Request& req);

 private:
  ServiceContext ctx_;
};

inline constexpr std::array<RouteSpec<AuditRoutes>, 1> kAuditRoutes = {{
    {"GET", "/api/{user_id}/audit", &AuditRoutes::list},
}};

}  // namespace todo::services::audit
