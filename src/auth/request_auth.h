#pragma once
// Zero trust: every service checks the bearer token of every request itself
// (DESIGN §3.2) and that the token's user owns the {user_id} in the path.
#include <string_view>

#include "auth/jwt.h"
#include "core/time.h"
#include "net/http.h"

namespace todo::auth {

// The verified claims of `Authorization: Bearer <jwt>`. Throws
// ApiError(Unauthenticated) when the header is missing, malformed, expired or
// badly signed.
Claims authenticate(const net::Request& req, const JwtCodec& jwt, core::Instant now);

// authenticate() plus: the token's user must be the {user_id} path parameter
// (ApiError Forbidden otherwise). Returns the user id.
std::string authorize_path_user(const net::Request& req, const JwtCodec& jwt, core::Instant now);

// Verifies a raw token (WebSocket query parameter or subprotocol).
Claims verify_token(std::string_view token, const JwtCodec& jwt, core::Instant now);

// SHA-256 of `data` in lower-case hex.
std::string sha256_hex(std::string_view data);

}  // namespace todo::auth
