#include "services/gateway/gateway_service.h"

#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/uuid.h"
#include "db/transaction.h"
#include "net/json_body.h"
#include "services/gateway/account_input.h"
#include "services/gateway/user_repository.h"
#include "services/gateway/web_app.h"

namespace todo::services::gateway {
namespace json = boost::json;
using core::ApiError;
using core::ErrorCode;
using net::Request;
using net::Response;

namespace {

json::object user_json(const User& u) {
  return json::object{{"id", u.id}, {"email", u.email}, {"name", u.name}, {"created_at", core::format_rfc3339(u.created_at)}};
}

}  // namespace

GatewayService::GatewayService(ServiceContext ctx, GatewayOptions options)
    : ctx_(ctx), opts_(std::move(options)), hasher_(opts_.password_cost) {}

void GatewayService::add_routes(net::Router& router) {
  net::ServiceRoutes r(router, std::string(kAppId));
  r.post("/api/auth/sign-up", [this](Request& req) { return sign_up(req); });
  r.post("/api/auth/sign-in", [this](Request& req) { return sign_in(req); });
  r.get("/api/auth/me", [this](Request& req) { return me(req); });
  router.set_fallback(make_web_app_handler(opts_.web_root));
}

Response GatewayService::sign_up(Request& req) {
  const auto input = parse_sign_up(net::json_body(req));
  User user{core::new_uuid(), input.email, input.name, hasher_.hash(input.password), ctx_.clock.now()};
  {
    auto conn = ctx_.db.acquire();
    if (!UserRepository(*conn).insert(user))
      throw ApiError(ErrorCode::Conflict, "an account with this email already exists",
                     {{"email", "is already registered"}});
  }
  const auto claims = ctx_.jwt.claims_for(user.id, user.email, user.created_at);
  return net::json_response(201, json::object{{"user", user_json(user)},
                                              {"token", ctx_.jwt.sign(claims)},
                                              {"expires_at", core::format_rfc3339(claims.exp)}});
}

Response GatewayService::sign_in(Request& req) {
  const auto input = parse_sign_in(net::json_body(req));
  std::string email_lower = net::lower(input.email);
  enum class Outcome { Ok, Wrong, Throttled } outcome = Outcome::Wrong;
  int retry_after = 0;
  std::optional<User> user;
  const auto now = ctx_.clock.now();

  db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    UserRepository repo(tx.connection());
    repo.lock_email(email_lower);  // concurrent guesses for one email queue up here
    const auto failures = repo.recent_failures(email_lower, now - opts_.failure_window, opts_.max_failures);
    if (static_cast<int>(failures.size()) >= opts_.max_failures) {
      // Locked until the oldest of the counted failures leaves the window. The
      // password is not even checked: a 200 would confirm a guess.
      const auto until = failures.front() + opts_.failure_window;
      retry_after = static_cast<int>(std::max<long long>(
          1, std::chrono::ceil<std::chrono::seconds>(until - now).count()));
      outcome = Outcome::Throttled;
      return;
    }
    user = repo.by_email(input.email);
    const bool ok = user ? hasher_.verify(user->password_hash, input.password)
                         : (hasher_.verify_dummy(input.password), false);
    if (ok) {
      if (!failures.empty()) repo.clear_failures(email_lower);
      outcome = Outcome::Ok;
    } else {
      repo.record_failure(email_lower, now);
      outcome = Outcome::Wrong;
    }
  });

  if (outcome == Outcome::Throttled)
    throw ApiError(ErrorCode::RateLimited, "too many failed sign-in attempts for this email, try again later")
        .with_retry_after(retry_after);
  if (outcome == Outcome::Wrong) throw ApiError(ErrorCode::Unauthenticated, "email or password is incorrect");
  const auto claims = ctx_.jwt.claims_for(user->id, user->email, now);
  return net::json_response(200, json::object{{"user", user_json(*user)},
                                              {"token", ctx_.jwt.sign(claims)},
                                              {"expires_at", core::format_rfc3339(claims.exp)}});
}

Response GatewayService::me(Request& req) {
  const auto claims = auth::authenticate(req, ctx_.jwt, ctx_.clock.now());
  auto conn = ctx_.db.acquire();
  const auto user = core::is_uuid(claims.sub) ? UserRepository(*conn).by_id(claims.sub) : std::nullopt;
  if (!user) throw ApiError(ErrorCode::Unauthenticated, "the account of this token no longer exists");
  return net::json_response(200, user_json(*user));
}

}  // namespace todo::services::gateway
