// auth::JwtCodec::verify (src/auth/jwt.h) on arbitrary tokens.
//
// Two kinds of input:
// - a token (anything not starting with '{'): verify must never crash, leak
//   or hit UB, and must only accept a token whose signature is the HMAC-SHA256
//   of its first two segments under the key (computed here independently);
// - "<header JSON>\n<payload JSON>" (starts with '{'): the target encodes and
//   signs it with the key, so the fuzzer reaches the claim checks behind the
//   signature. verify's answer is compared with a reference reading of the
//   rules (HS256 only, iss, sub, exp/nbf/iat with 30 s leeway, 4096
//   characters at most); the same segments signed with another key, or with
//   a signature of another length, are never accepted.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "auth/jwt.h"
#include "core/base64.h"
#include "fuzz_common.h"

using namespace todo;
namespace json = boost::json;

namespace {

const std::string kKey = "fuzz-secret-0123456789abcdef0123456789abcdef";
const std::string kOtherKey = "fuzz-secret-0123456789abcdef0123456789abcdeF";

std::string hmac(const std::string& key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string signed_token(const std::string& key, std::string_view header, std::string_view payload) {
  const std::string input = core::base64url_encode(header) + "." + core::base64url_encode(payload);
  return input + "." + core::base64url_encode(hmac(key, input));
}

const auth::JwtCodec& codec() {
  static const auth::JwtCodec c(kKey);
  return c;
}

std::optional<json::object> object_of(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

// RFC 7519 NumericDate as verify reads it: a number of seconds, |s| < 1e11.
std::optional<long long> date_ms(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_number()) return std::nullopt;
  const double s = v->is_int64() ? static_cast<double>(v->get_int64())
                   : v->is_uint64() ? static_cast<double>(v->get_uint64())
                                    : v->get_double();
  if (!(s > -1e11 && s < 1e11)) return std::nullopt;
  return static_cast<long long>(s * 1000);
}

// What verify should answer for a token correctly signed with the key.
std::optional<auth::Claims> reference(std::string_view token, std::string_view header, std::string_view payload) {
  if (token.size() > 4096) return std::nullopt;
  const auto h = object_of(header);
  if (!h) return std::nullopt;
  const auto* alg = h->if_contains("alg");
  if (!alg || !alg->is_string() || alg->get_string() != "HS256") return std::nullopt;
  const auto p = object_of(payload);
  if (!p) return std::nullopt;
  const auto* iss = p->if_contains("iss");
  if (!iss || !iss->is_string() || iss->get_string() != auth::kIssuer) return std::nullopt;
  const auto* sub = p->if_contains("sub");
  const auto exp = date_ms(*p, "exp");
  if (!sub || !sub->is_string() || sub->get_string().empty() || !exp) return std::nullopt;
  const long long now = core::to_unix_ms(fuzz::fixed_now());
  constexpr long long kLeewayMs = 30000;
  if (now >= *exp + kLeewayMs) return std::nullopt;
  const auto nbf = date_ms(*p, "nbf");
  const auto iat = date_ms(*p, "iat");
  if ((nbf && now + kLeewayMs < *nbf) || (iat && now + kLeewayMs < *iat)) return std::nullopt;
  auth::Claims c;
  c.sub = sub->get_string();
  if (const auto* e = p->if_contains("email"); e && e->is_string()) c.email = e->get_string();
  c.iat = core::from_unix_ms(iat.value_or(0));
  c.exp = core::from_unix_ms(*exp);
  return c;
}

void check_token(std::string_view token) {
  const auto v = codec().verify(token, fuzz::fixed_now());
  if (!v.claims) return;
  const auto dot2 = token.rfind('.');
  FUZZ_CHECK(dot2 != std::string_view::npos, "accepted a token without segments: %s", fuzz::excerpt(token).c_str());
  const auto expected = core::base64url_encode(hmac(kKey, token.substr(0, dot2)));
  FUZZ_CHECK(token.substr(dot2 + 1) == expected, "accepted a token not signed with the key: %s",
             fuzz::excerpt(token, 600).c_str());
  // What was accepted survives a re-issue.
  const auto again = codec().verify(codec().sign(*v.claims), fuzz::fixed_now());
  FUZZ_CHECK(again.claims && again.claims->sub == v.claims->sub && again.claims->email == v.claims->email,
             "the claims of %s do not survive sign/verify", fuzz::excerpt(token).c_str());
}

void check_signed(std::string_view input) {
  const auto nl = input.find('\n');
  const auto header = input.substr(0, nl);
  const auto payload = nl == std::string_view::npos ? std::string_view{} : input.substr(nl + 1);
  const auto token = signed_token(kKey, header, payload);
  const auto v = codec().verify(token, fuzz::fixed_now());
  const auto want = reference(token, header, payload);
  FUZZ_CHECK(v.claims.has_value() == want.has_value(), "verify %s a token the rules %s: header %s payload %s (error %d)",
             v.claims ? "accepts" : "refuses", want ? "accept" : "refuse", fuzz::excerpt(header).c_str(),
             fuzz::excerpt(payload).c_str(), static_cast<int>(v.error));
  if (want) {
    FUZZ_CHECK(v.claims->sub == want->sub && v.claims->email == want->email && v.claims->exp == want->exp &&
                   v.claims->iat == want->iat,
               "claims differ from the payload %s", fuzz::excerpt(payload).c_str());
  }
  check_token(token);

  const auto forged = signed_token(kOtherKey, header, payload);
  const auto f = codec().verify(forged, fuzz::fixed_now());
  FUZZ_CHECK(!f.claims, "accepted a token signed with another key: %s", fuzz::excerpt(forged, 600).c_str());
  // A signature cut short or lengthened by one byte.
  const std::string input_part = token.substr(0, token.rfind('.'));
  auto sig = hmac(kKey, input_part);
  const auto short_sig = input_part + "." + core::base64url_encode(sig.substr(0, sig.size() - 1));
  FUZZ_CHECK(!codec().verify(short_sig, fuzz::fixed_now()).claims, "accepted a truncated signature");
  const auto long_sig = input_part + "." + core::base64url_encode(sig + '\0');
  FUZZ_CHECK(!codec().verify(long_sig, fuzz::fixed_now()).claims, "accepted a lengthened signature");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto input = fuzz::as_text(data, size);
  if (!input.empty() && input.front() == '{') check_signed(input);
  else check_token(input);
  return 0;
}
