#pragma once
// gateway: accounts (sign-up, sign-in, me), the web app's files, and — when
// other services run in their own processes — the public edge that forwards
// their routes to them.
#include <string>
#include <string_view>
#include <vector>

#include "auth/password.h"
#include "services/gateway/account_routes.h"
#include "services/gateway/client_rate_limit.h"
#include "services/service.h"

namespace todo::services::gateway {

inline constexpr std::string_view kAppId = "gateway";

struct GatewayOptions {
  std::string web_root = "web/dist";
  std::vector<RemoteRoute> remote_routes;  // forwarded through the Invoker
  ThrottleOptions throttle;
  auth::PasswordCost password_cost{};
  int auth_rate_limit = 120;  // sign-up + sign-in requests per minute per client; 0: off
  std::vector<std::string> trusted_proxies;
};

class GatewayService final : public Service {
 public:
  GatewayService(const ServiceContext& ctx, GatewayOptions options)
      : ctx_(ctx),
        opts_(std::move(options)),
        accounts_(ctx, opts_.throttle, opts_.password_cost),
        rate_limit_(opts_.auth_rate_limit, net::AddressSet(opts_.trusted_proxies)) {}
  std::string_view app_id() const override { return kAppId; }
  void add_routes(net::ServiceRoutes& routes) override;

  static std::vector<net::RouteKey> public_routes() {
    auto keys = route_keys(kCredentialRoutes);
    for (auto& k : route_keys(kSessionRoutes)) keys.push_back(std::move(k));
    return keys;
  }

 private:
  ServiceContext ctx_;
  GatewayOptions opts_;
  AccountRoutes accounts_;
  ClientRateLimit rate_limit_;
};

}  // namespace todo::services::gateway
