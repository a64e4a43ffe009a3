#pragma once
// gateway's account routes (DESIGN §3.2): sign-up, sign-in (throttled), me.
#include <array>

#include "auth/password.h"
#include "net/http.h"
#include "services/gateway/sign_in_throttle.h"
#include "services/route_table.h"
#include "services/service_context.h"

namespace todo::services::gateway {

class AccountRoutes {
 public:
  AccountRoutes(const ServiceContext& ctx, ThrottleOptions throttle, auth::PasswordCost cost)
      : ctx_(ctx), throttle_(ctx.state, throttle), hasher_(cost) {}
  net::Response sign_up(net::Request& req);
  net::Response sign_in(net::Request& req);
  net::Response me(net::Request& req);

 private:
  ServiceContext ctx_;
  SignInThrottle throttle_;
  auth::PasswordHasher hasher_;
};

// Sign-up and sign-in take a password: they hash it (Argon2id, 19 MiB, tens
// of milliseconds of CPU) on their own small pool, never on the request
// workers, and count against the client's rate (AUTH_RATE_LIMIT).
inline constexpr std::array<RouteSpec<AccountRoutes>, 2> kCredentialRoutes = {{
    {"POST", "/api/auth/sign-up", &AccountRoutes::sign_up, net::Execution::Isolated},
    {"POST", "/api/auth/sign-in", &AccountRoutes::sign_in, net::Execution::Isolated},
}};
inline constexpr std::array<RouteSpec<AccountRoutes>, 1> kSessionRoutes = {{
    {"GET", "/api/auth/me", &AccountRoutes::me},
}};

}  // namespace todo::services::gateway
