#include "auth/request_auth.h"

#include <openssl/sha.h>

#include "core/error.h"
#include "core/strings.h"

namespace todo::auth {
using core::ApiError;
using core::ErrorCode;

Claims verify_token(std::string_view token, const JwtCodec& jwt, core::Instant now) {
  const auto v = jwt.verify(token, now);
  if (!v.claims) throw ApiError(ErrorCode::Unauthenticated, std::string(describe(v.error)));
  return *v.claims;
}

Claims authenticate(const net::Request& req, const JwtCodec& jwt, core::Instant now) {
  const auto header = req.header("authorization");
  if (header.empty()) throw ApiError(ErrorCode::Unauthenticated, "missing Authorization: Bearer token");
  constexpr std::string_view scheme = "bearer ";
  if (header.size() <= scheme.size() || core::ascii_lower(header.substr(0, scheme.size())) != scheme)
    throw ApiError(ErrorCode::Unauthenticated, "Authorization must use the Bearer scheme");
  auto token = header.substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return verify_token(token, jwt, now);
}

std::string authorize_path_user(const net::Request& req, const JwtCodec& jwt, core::Instant now) {
  auto claims = authenticate(req, jwt, now);
  if (claims.sub != req.param("user_id"))
    throw ApiError(ErrorCode::Forbidden, "the token does not grant access to this user's data");
  return std::move(claims.sub);
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char b : digest) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xf]);
  }
  return out;
}

}  // namespace todo::auth
