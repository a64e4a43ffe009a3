#include "services/gateway/account_routes.h"

#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/strings.h"
#include "core/uuid.h"
#include "net/json_body.h"
#include "services/gateway/account_input.h"
#include "services/gateway/user_repository.h"

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

Response signed_in(int status, const auth::JwtCodec& jwt, const User& user, core::Instant now) {
  const auto claims = jwt.claims_for(user.id, user.email, now);
  return net::json_response(status, json::object{{"user", user_json(user)},
                                                  {"token", jwt.sign(claims)},
                                                  {"expires_at", core::format_rfc3339(claims.exp)}});
}

}  // namespace

Response AccountRoutes::sign_up(Request& req) {
  const auto input = parse_sign_up(net::json_body(req));
  User user{core::new_uuid(), input.email, input.name, hasher_.hash(input.password), ctx_.clock.now()};
  {
    auto conn = ctx_.db.acquire();
    if (!UserRepository(*conn).insert(user))
      throw ApiError(ErrorCode::Conflict, "an account with this email already exists",
                     {{"email", "is already registered"}});
  }
  return signed_in(201, ctx_.jwt, user, user.created_at);
}

Response AccountRoutes::sign_in(Request& req) {
  const auto input = parse_sign_in(net::json_body(req));
  const auto now = ctx_.clock.now();
  std::optional<User> user;
  {
    auto conn = ctx_.db.acquire();
    user = UserRepository(*conn).by_email(input.email);
  }
  // Attempts count per account, found the way the database compares emails,
  // so no spelling of an address (case, Unicode look-alikes) gets fresh
  // guesses. Without an account there is nothing to guess, but the answer
  // and its cost must not tell: the email itself is throttled the same way.
  const auto subject = user ? "user:" + user->id : "email:" + core::ascii_lower(input.email);
  if (const auto wait = throttle_.reserve(subject, now))
    throw ApiError(ErrorCode::RateLimited, "too many failed sign-in attempts for this email, try again later")
        .with_retry_after(*wait);
  const bool ok = user ? hasher_.verify(user->password_hash, input.password)
                       : (hasher_.verify_dummy(input.password), false);
  if (!ok) throw ApiError(ErrorCode::Unauthenticated, "email or password is incorrect");
  throttle_.clear(subject);
  return signed_in(200, ctx_.jwt, *user, now);
}

Response AccountRoutes::me(Request& req) {
  const auto claims = auth::authenticate(req, ctx_.jwt, ctx_.clock.now());
  auto conn = ctx_.db.acquire();
  const auto user = core::is_uuid(claims.sub) ? UserRepository(*conn).by_id(claims.sub) : std::nullopt;
  if (!user) throw ApiError(ErrorCode::Unauthenticated, "the account of this token no longer exists");
  return net::json_response(200, user_json(*user));
}

}  // namespace todo::services::gateway
