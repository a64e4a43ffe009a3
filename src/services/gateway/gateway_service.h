#pragma once
// gateway: accounts (sign-up, sign-in, me) and the web app's files.
#include <string>

#include "auth/password.h"
#include "net/router.h"
#include "services/service_context.h"

namespace todo::services::gateway {

inline constexpr std::string_view kAppId = "gateway";

struct GatewayOptions {
  std::string web_root = "web/dist";
  int max_failures = 10;                       // sign-in failures per email ...
  std::chrono::minutes failure_window{15};     // ... within this window
  auth::PasswordCost password_cost{};
};

class GatewayService {
 public:
  GatewayService(ServiceContext ctx, GatewayOptions options);
  void add_routes(net::Router& router);

 private:
  net::Response sign_up(net::Request& req);
  net::Response sign_in(net::Request& req);
  net::Response me(net::Request& req);

  ServiceContext ctx_;
  GatewayOptions opts_;
  auth::PasswordHasher hasher_;
};

}  // namespace todo::services::gateway
