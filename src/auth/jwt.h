#pragma once
// JSON Web Tokens, HS256 only (DESIGN §3.2). Verification rejects every
// other algorithm (including "none"), a bad signature, a wrong issuer, a
// missing or past `exp` and a token that is not yet valid (`nbf`, `iat` in
// the future beyond a small leeway).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "auth/claims.h"
#include "auth/verified_tokens.h"
#include "core/time.h"

namespace todo::auth {

inline constexpr std::string_view kIssuer = "todo-platform";

enum class JwtError { Malformed, BadAlgorithm, BadSignature, BadIssuer, Expired, NotYetValid, MissingClaim };
std::string_view describe(JwtError e);

class JwtCodec {
 public:
  explicit JwtCodec(std::string secret, std::chrono::seconds ttl = std::chrono::hours(24 * 7));

  // Replaces the key before the codec is first used (a service beside a Dapr
  // sidecar reads it from the secret store after it started listening). Not
  // safe while other threads sign or verify.
  void set_secret(std::string secret) {
    secret_ = std::move(secret);
    verified_.clear();
  }

  // A signed token for `sub`/`email`, issued at `now`.
  std::string issue(std::string_view sub, std::string_view email, core::Instant now) const;
  Claims claims_for(std::string_view sub, std::string_view email, core::Instant now) const;
  std::string sign(const Claims& claims) const;

  struct Verified {
    std::optional<Claims> claims;
    JwtError error = JwtError::Malformed;
  };
  Verified verify(std::string_view token, core::Instant now) const;

 private:
  std::string hmac(std::string_view data) const;
  // exp, nbf and iat against `now`, with the leeway: for a token just
  // verified and for one found in verified_ alike.
  static Verified check_times(const VerifiedTokens::Entry& entry, core::Instant now);
  std::string secret_;
  std::chrono::seconds ttl_;
  mutable VerifiedTokens verified_;  // the tokens that passed, for the next request
};

}  // namespace todo::auth
