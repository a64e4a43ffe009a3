#include "auth/jwt.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

#include <boost/json.hpp>

#include "core/base64.h"

namespace todo::auth {
namespace json = boost::json;
using core::base64url_decode;
using core::base64url_encode;

namespace {

constexpr auto kLeeway = std::chrono::seconds(30);  // clock skew between services
constexpr size_t kMaxTokenLength = 4096;

std::optional<json::object> decode_part(std::string_view part) {
  const auto raw = base64url_decode(part);
  if (!raw) return std::nullopt;
  boost::system::error_code ec;
  auto v = json::parse(*raw, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

// NumericDate: seconds since the epoch (integers; fractions are allowed by RFC 7519).
std::optional<core::Instant> numeric_date(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  double seconds = 0;
  if (v->is_int64()) seconds = static_cast<double>(v->get_int64());
  else if (v->is_uint64()) seconds = static_cast<double>(v->get_uint64());
  else if (v->is_double()) seconds = v->get_double();
  else return std::nullopt;
  if (!(seconds > -1e11 && seconds < 1e11)) return std::nullopt;
  return core::from_unix_ms(static_cast<long long>(seconds * 1000));
}

}  // namespace

std::string_view describe(JwtError e) {
  switch (e) {
    case JwtError::Malformed: return "token is malformed";
    case JwtError::BadAlgorithm: return "token algorithm is not HS256";
    case JwtError::BadSignature: return "token signature is invalid";
    case JwtError::BadIssuer: return "token issuer is not todo-platform";
    case JwtError::Expired: return "token has expired";
    case JwtError::NotYetValid: return "token is not valid yet";
    case JwtError::MissingClaim: return "token lacks a required claim";
  }
  return "token is invalid";
}

JwtCodec::JwtCodec(std::string secret, std::chrono::seconds ttl) : secret_(std::move(secret)), ttl_(ttl) {}

std::string JwtCodec::hmac(std::string_view data) const {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

Claims JwtCodec::claims_for(std::string_view sub, std::string_view email, core::Instant now) const {
  const auto iat = std::chrono::floor<std::chrono::seconds>(now);
  return Claims{std::string(sub), std::string(email), iat, iat + ttl_};
}

std::string JwtCodec::issue(std::string_view sub, std::string_view email, core::Instant now) const {
  return sign(claims_for(sub, email, now));
}

std::string JwtCodec::sign(const Claims& c) const {
  const json::object header{{"alg", "HS256"}, {"typ", "JWT"}};
  const json::object payload{{"sub", c.sub},
                             {"email", c.email},
                             {"iss", kIssuer},
                             {"iat", core::to_unix_ms(c.iat) / 1000},
                             {"exp", core::to_unix_ms(c.exp) / 1000}};
  std::string signing_input = base64url_encode(json::serialize(header)) + "." + base64url_encode(json::serialize(payload));
  const auto sig = hmac(signing_input);
  return signing_input + "." + base64url_encode(sig);
}

JwtCodec::Verified JwtCodec::verify(std::string_view token, core::Instant now) const {
  Verified out;
  if (token.size() > kMaxTokenLength) return out;
  if (const auto known = verified_.find(token)) return check_times(*known, now);
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) return out;

  const auto header = decode_part(token.substr(0, dot1));
  if (!header) return out;
  const auto* alg = header->if_contains("alg");
  if (!alg || !alg->is_string() || alg->get_string() != "HS256") {
    out.error = JwtError::BadAlgorithm;
    return out;
  }
  // Signature first: nothing in an unauthenticated payload is looked at.
  const auto sig = base64url_decode(token.substr(dot2 + 1));
  const auto expected = hmac(token.substr(0, dot2));
  if (!sig || sig->size() != expected.size() || CRYPTO_memcmp(sig->data(), expected.data(), expected.size()) != 0) {
    out.error = JwtError::BadSignature;
    return out;
  }
  const auto payload = decode_part(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!payload) return out;

  const auto* iss = payload->if_contains("iss");
  if (!iss || !iss->is_string() || iss->get_string() != kIssuer) {
    out.error = JwtError::BadIssuer;
    return out;
  }
  const auto* sub = payload->if_contains("sub");
  const auto exp = numeric_date(*payload, "exp");
  if (!sub || !sub->is_string() || sub->get_string().empty() || !exp) {
    out.error = JwtError::MissingClaim;
    return out;
  }
  VerifiedTokens::Entry entry;
  entry.claims.sub = std::string(sub->get_string());
  if (const auto* email = payload->if_contains("email"); email && email->is_string())
    entry.claims.email = email->get_string();
  const auto nbf = numeric_date(*payload, "nbf");
  const auto iat = numeric_date(*payload, "iat");
  entry.claims.iat = iat.value_or(core::Instant{});
  entry.claims.exp = *exp;
  entry.not_before = nbf && iat ? std::max(*nbf, *iat) : nbf ? nbf : iat;
  out = check_times(entry, now);
  if (out.claims) verified_.remember(token, entry);
  return out;
}

JwtCodec::Verified JwtCodec::check_times(const VerifiedTokens::Entry& e, core::Instant now) {
  Verified out;
  if (now >= e.claims.exp + kLeeway) {
    out.error = JwtError::Expired;
  } else if (e.not_before && now + kLeeway < *e.not_before) {
    out.error = JwtError::NotYetValid;
  } else {
    out.claims = e.claims;
  }
  return out;
}

}  // namespace todo::auth
