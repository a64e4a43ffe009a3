// HS256 JWTs (DESIGN §3.2) and the bearer-token checks every service runs.
#include "auth/jwt.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "auth/request_auth.h"
#include "core/base64.h"
#include "core/error.h"

namespace todo::auth {
namespace {

namespace json = boost::json;
using core::base64url_decode;
using core::base64url_encode;
using core::Instant;
using namespace std::chrono_literals;

const std::string kSecret = "test-secret-0123456789abcdef0123456789abcdef";

Instant at(const char* text) {
  const auto t = core::parse_rfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Instant{});
}

const Instant kNow = at("2026-11-24T10:00:00.250Z");

long long secs(Instant t) { return core::to_unix_ms(t) / 1000; }

std::string hs256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

// A token with any header and payload, signed with HS256 under `key`.
std::string forge(const json::object& header, const json::object& payload, std::string_view key = kSecret) {
  const std::string input = base64url_encode(json::serialize(header)) + "." + base64url_encode(json::serialize(payload));
  return input + "." + base64url_encode(hs256(key, input));
}

json::object hs256_header() { return json::object{{"alg", "HS256"}, {"typ", "JWT"}}; }

json::object valid_payload() {
  return json::object{{"sub", "user-1"},
                      {"email", "ada@example.com"},
                      {"iss", "todo-platform"},
                      {"iat", secs(kNow)},
                      {"exp", secs(kNow + std::chrono::hours(1))}};
}

JwtError error_of(const JwtCodec& codec, std::string_view token, Instant now = kNow) {
  const auto v = codec.verify(token, now);
  EXPECT_FALSE(v.claims.has_value()) << token;
  return v.error;
}

std::vector<std::string> parts_of(const std::string& token) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t dot = token.find('.', start);
    parts.push_back(token.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

// ---------------------------------------------------------------- issue

TEST(JwtIssue, HeaderAndClaims) {
  const JwtCodec codec(kSecret);
  const std::string token = codec.issue("user-1", "ada@example.com", kNow);
  const auto parts = parts_of(token);
  ASSERT_EQ(parts.size(), 3u);
  const auto header = json::parse(*base64url_decode(parts[0])).as_object();
  EXPECT_EQ(header.at("alg"), "HS256");
  EXPECT_EQ(header.at("typ"), "JWT");
  const auto payload = json::parse(*base64url_decode(parts[1])).as_object();
  EXPECT_EQ(payload.at("sub"), "user-1");
  EXPECT_EQ(payload.at("email"), "ada@example.com");
  EXPECT_EQ(payload.at("iss"), "todo-platform");
  EXPECT_EQ(payload.at("iat"), secs(kNow));  // NumericDate: whole seconds
  EXPECT_EQ(payload.at("exp"), secs(kNow) + 7 * 24 * 3600);  // default lifetime: 7 days
  // The signature is HS256 over "header.payload".
  EXPECT_EQ(base64url_decode(parts[2]), hs256(kSecret, parts[0] + "." + parts[1]));
}

TEST(JwtIssue, NoPaddingOrUnsafeCharacters) {
  const JwtCodec codec(kSecret);
  const std::string token = codec.issue("a/b+c", "x@y.z", kNow);
  EXPECT_EQ(token.find_first_of("=+/ "), std::string::npos) << token;
}

TEST(JwtIssue, CustomLifetime) {
  const JwtCodec codec(kSecret, std::chrono::seconds(90));
  const Claims c = codec.claims_for("u", "e", kNow);
  EXPECT_EQ(c.iat, at("2026-11-24T10:00:00Z"));  // floored to the second
  EXPECT_EQ(c.exp - c.iat, std::chrono::seconds(90));
}

// ---------------------------------------------------------------- verify: accepted

TEST(JwtVerify, RoundTrip) {
  const JwtCodec codec(kSecret);
  const auto v = codec.verify(codec.issue("user-1", "ada@example.com", kNow), kNow);
  ASSERT_TRUE(v.claims.has_value()) << describe(v.error);
  EXPECT_EQ(v.claims->sub, "user-1");
  EXPECT_EQ(v.claims->email, "ada@example.com");
  EXPECT_EQ(v.claims->iat, at("2026-11-24T10:00:00Z"));
  EXPECT_EQ(v.claims->exp, at("2026-12-01T10:00:00Z"));
}

TEST(JwtVerify, ValidUntilJustBeforeExpiry) {
  const JwtCodec codec(kSecret, std::chrono::hours(1));
  const std::string token = codec.issue("u", "e", kNow);
  EXPECT_TRUE(codec.verify(token, kNow + 59min).claims.has_value());
  EXPECT_TRUE(codec.verify(token, at("2026-11-24T10:59:59.999Z")).claims.has_value());
}

TEST(JwtVerify, FractionalNumericDatesAreAccepted) {
  const JwtCodec codec(kSecret);
  auto payload = valid_payload();
  payload["exp"] = static_cast<double>(secs(kNow + 1h)) + 0.5;
  const auto v = codec.verify(forge(hs256_header(), payload), kNow);
  ASSERT_TRUE(v.claims.has_value()) << describe(v.error);
  EXPECT_EQ(core::to_unix_ms(v.claims->exp), (secs(kNow + 1h)) * 1000 + 500);
}

TEST(JwtVerify, EmailAndIatAreOptionalForVerification) {
  const JwtCodec codec(kSecret);
  auto payload = valid_payload();
  payload.erase("email");
  payload.erase("iat");
  const auto v = codec.verify(forge(hs256_header(), payload), kNow);
  ASSERT_TRUE(v.claims.has_value()) << describe(v.error);
  EXPECT_EQ(v.claims->email, "");
}

TEST(JwtVerify, NotBeforeInThePastIsFine) {
  const JwtCodec codec(kSecret);
  auto payload = valid_payload();
  payload["nbf"] = secs(kNow - 1h);
  EXPECT_TRUE(codec.verify(forge(hs256_header(), payload), kNow).claims.has_value());
}

// ---------------------------------------------------------------- verify: rejected

TEST(JwtVerify, ExpiredToken) {
  const JwtCodec codec(kSecret, std::chrono::hours(1));
  const std::string token = codec.issue("u", "e", kNow);
  EXPECT_EQ(error_of(codec, token, kNow + 2h), JwtError::Expired);
  EXPECT_EQ(error_of(codec, token, kNow + 1h + 5min), JwtError::Expired);
  EXPECT_EQ(error_of(codec, token, kNow + 24h * 365), JwtError::Expired);
}

TEST(JwtVerify, ExpiredLongAgo) {
  const JwtCodec codec(kSecret);
  auto payload = valid_payload();
  payload["exp"] = 0;
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::Expired);
}

TEST(JwtVerify, WrongKey) {
  const JwtCodec issuer("another-secret");
  const JwtCodec verifier(kSecret);
  EXPECT_EQ(error_of(verifier, issuer.issue("u", "e", kNow)), JwtError::BadSignature);
  EXPECT_EQ(error_of(verifier, forge(hs256_header(), valid_payload(), kSecret + "x")), JwtError::BadSignature);
  EXPECT_EQ(error_of(verifier, forge(hs256_header(), valid_payload(), "")), JwtError::BadSignature);
}

TEST(JwtVerify, AlgNoneIsRejected) {
  const JwtCodec codec(kSecret);
  const std::string unsigned_token = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
                                     base64url_encode(json::serialize(valid_payload())) + ".";
  EXPECT_EQ(error_of(codec, unsigned_token), JwtError::BadAlgorithm);
  // Even with a correct HMAC over the input.
  EXPECT_EQ(error_of(codec, forge(json::object{{"alg", "none"}}, valid_payload())), JwtError::BadAlgorithm);
  EXPECT_EQ(error_of(codec, forge(json::object{{"alg", "None"}}, valid_payload())), JwtError::BadAlgorithm);
}

TEST(JwtVerify, OtherAlgorithmsAreRejected) {
  const JwtCodec codec(kSecret);
  for (const char* alg : {"HS384", "HS512", "RS256", "ES256", "PS256", "hs256", "HS256 ", ""}) {
    EXPECT_EQ(error_of(codec, forge(json::object{{"alg", alg}, {"typ", "JWT"}}, valid_payload())),
              JwtError::BadAlgorithm)
        << alg;
  }
  EXPECT_EQ(error_of(codec, forge(json::object{{"typ", "JWT"}}, valid_payload())), JwtError::BadAlgorithm);
  EXPECT_EQ(error_of(codec, forge(json::object{{"alg", nullptr}}, valid_payload())), JwtError::BadAlgorithm);
  EXPECT_EQ(error_of(codec, forge(json::object{{"alg", json::array{"HS256"}}}, valid_payload())),
            JwtError::BadAlgorithm);
}

TEST(JwtVerify, TamperedPayload) {
  const JwtCodec codec(kSecret);
  const std::string token = codec.issue("user-1", "ada@example.com", kNow);
  const auto parts = parts_of(token);
  auto payload = json::parse(*base64url_decode(parts[1])).as_object();
  payload["sub"] = "user-2";
  const std::string tampered = parts[0] + "." + base64url_encode(json::serialize(payload)) + "." + parts[2];
  EXPECT_EQ(error_of(codec, tampered), JwtError::BadSignature);

  payload = json::parse(*base64url_decode(parts[1])).as_object();
  payload["exp"] = secs(kNow) + 100 * 24 * 3600;  // extended lifetime
  EXPECT_EQ(error_of(codec, parts[0] + "." + base64url_encode(json::serialize(payload)) + "." + parts[2]),
            JwtError::BadSignature);
}

TEST(JwtVerify, TamperedHeaderOrSignature) {
  const JwtCodec codec(kSecret);
  const auto parts = parts_of(codec.issue("user-1", "e", kNow));
  const std::string header2 = base64url_encode(R"({"typ":"JWT","alg":"HS256"})");
  EXPECT_EQ(error_of(codec, header2 + "." + parts[1] + "." + parts[2]), JwtError::BadSignature);

  std::string sig = *base64url_decode(parts[2]);
  sig[0] = static_cast<char>(sig[0] ^ 1);
  EXPECT_EQ(error_of(codec, parts[0] + "." + parts[1] + "." + base64url_encode(sig)), JwtError::BadSignature);
  EXPECT_EQ(error_of(codec, parts[0] + "." + parts[1] + "." + base64url_encode(sig.substr(0, 31))),
            JwtError::BadSignature);
  EXPECT_EQ(error_of(codec, parts[0] + "." + parts[1] + "."), JwtError::BadSignature);
  EXPECT_EQ(error_of(codec, parts[0] + "." + parts[1] + "." + parts[2] + "A"), JwtError::BadSignature);
  EXPECT_EQ(error_of(codec, parts[0] + "." + parts[1] + ".!!!"), JwtError::BadSignature);
}

TEST(JwtVerify, MissingOrEmptySubject) {
  const JwtCodec codec(kSecret);
  auto payload = valid_payload();
  payload.erase("sub");
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::MissingClaim);
  payload["sub"] = "";
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::MissingClaim);
  payload["sub"] = 42;
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::MissingClaim);
}

TEST(JwtVerify, MissingOrNonNumericExpiry) {
  const JwtCodec codec(kSecret);
  auto payload = valid_payload();
  payload.erase("exp");
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::MissingClaim);
  payload["exp"] = std::to_string(secs(kNow + 1h));
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::MissingClaim);
  payload["exp"] = nullptr;
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::MissingClaim);
  payload["exp"] = 1e300;  // absurd
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::MissingClaim);
}

TEST(JwtVerify, WrongOrMissingIssuer) {
  const JwtCodec codec(kSecret);
  auto payload = valid_payload();
  payload["iss"] = "someone-else";
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::BadIssuer);
  payload["iss"] = "Todo-Platform";
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::BadIssuer);
  payload.erase("iss");
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::BadIssuer);
  payload["iss"] = json::array{"todo-platform"};
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::BadIssuer);
}

TEST(JwtVerify, NotBeforeInTheFuture) {
  const JwtCodec codec(kSecret);
  auto payload = valid_payload();
  payload["nbf"] = secs(kNow + 10min);
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::NotYetValid);
}

TEST(JwtVerify, IssuedInTheFuture) {
  const JwtCodec codec(kSecret);
  auto payload = valid_payload();
  payload["iat"] = secs(kNow + 10min);
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::NotYetValid);
  // A token the codec itself issues for a later moment.
  EXPECT_EQ(error_of(codec, codec.issue("u", "e", kNow + 1h)), JwtError::NotYetValid);
}

TEST(JwtVerify, SmallClockSkewIsTolerated) {
  const JwtCodec codec(kSecret);
  EXPECT_TRUE(codec.verify(codec.issue("u", "e", kNow + 5s), kNow).claims.has_value());
}

// ---------------------------------------------------------------- verified tokens

// A token verified once is found by its text on the next request; the time
// checks still apply to it, every time.
TEST(JwtVerifiedAgain, TheSecondVerificationStillChecksTheTimes) {
  const JwtCodec codec(kSecret, std::chrono::hours(1));
  auto payload = valid_payload();
  payload["nbf"] = secs(kNow - 1min);
  payload["exp"] = secs(kNow + 1h);
  const auto token = forge(hs256_header(), payload);
  for (int i = 0; i < 2; ++i) {
    const auto v = codec.verify(token, kNow);
    ASSERT_TRUE(v.claims.has_value()) << describe(v.error);
    EXPECT_EQ(v.claims->sub, "user-1");
    EXPECT_EQ(v.claims->email, "ada@example.com");
  }
  EXPECT_EQ(error_of(codec, token, kNow + 2h), JwtError::Expired);
  EXPECT_EQ(error_of(codec, token, kNow - 10min), JwtError::NotYetValid);
  EXPECT_TRUE(codec.verify(token, kNow + 30min).claims.has_value());
}

TEST(JwtVerifiedAgain, AnAlteredTokenIsVerifiedInFull) {
  const JwtCodec codec(kSecret);
  const auto token = codec.issue("user-1", "ada@example.com", kNow);
  ASSERT_TRUE(codec.verify(token, kNow).claims.has_value());
  auto altered = token;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';  // same length, another signature
  EXPECT_EQ(error_of(codec, altered), JwtError::BadSignature);
  EXPECT_EQ(error_of(codec, token + "A"), JwtError::BadSignature);
}

TEST(JwtVerifiedAgain, ANewSecretForgetsWhatTheOldOneVerified) {
  JwtCodec codec(kSecret);
  const auto token = codec.issue("user-1", "ada@example.com", kNow);
  ASSERT_TRUE(codec.verify(token, kNow).claims.has_value());
  codec.set_secret("another-secret-0123456789abcdef0123456789");
  EXPECT_EQ(error_of(codec, token), JwtError::BadSignature);
}

TEST(VerifiedTokens, FindsWhatItRemembersByTheExactText) {
  VerifiedTokens tokens;
  VerifiedTokens::Entry e;
  e.claims.sub = "user-1";
  e.not_before = kNow;
  tokens.remember("a.b.c", e);
  const auto found = tokens.find("a.b.c");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->claims.sub, "user-1");
  EXPECT_EQ(found->not_before, kNow);
  EXPECT_FALSE(tokens.find("a.b.d").has_value());
  EXPECT_FALSE(tokens.find("a.b.c.").has_value());
  EXPECT_FALSE(tokens.find("").has_value());
  tokens.clear();
  EXPECT_FALSE(tokens.find("a.b.c").has_value());
}

TEST(VerifiedTokens, HoldsAtMostItsSlotsHoweverManyTokensCome) {
  VerifiedTokens tokens;
  VerifiedTokens::Entry e;
  e.claims.sub = "u";
  const int n = 20 * static_cast<int>(VerifiedTokens::kSlots);
  for (int i = 0; i < n; ++i) tokens.remember("token-" + std::to_string(i), e);
  int found = 0;
  for (int i = 0; i < n; ++i) found += tokens.find("token-" + std::to_string(i)).has_value();
  EXPECT_GT(found, 0);
  EXPECT_LE(found, static_cast<int>(VerifiedTokens::kSlots));
}

TEST(JwtVerify, MalformedShapes) {
  const JwtCodec codec(kSecret);
  const auto parts = parts_of(codec.issue("u", "e", kNow));
  const std::string good = parts[0] + "." + parts[1] + "." + parts[2];
  for (const std::string& token :
       {std::string(""), std::string("."), std::string(".."), std::string("..."), std::string("abc"),
        std::string("a.b"), parts[0] + "." + parts[1], good + ".", good + "." + parts[2], "." + parts[1] + "." + parts[2],
        std::string("!!!.") + parts[1] + "." + parts[2],                         // header not base64url
        base64url_encode("not json") + "." + parts[1] + "." + parts[2],          // header not JSON
        base64url_encode("[\"HS256\"]") + "." + parts[1] + "." + parts[2],       // header not an object
        parts[0] + "=." + parts[1] + "." + parts[2],                              // padding
        " " + good, good + " ", "Bearer " + good, good + "\n"}) {
    const auto v = codec.verify(token, kNow);
    EXPECT_FALSE(v.claims.has_value()) << "'" << token << "'";
    EXPECT_NE(v.error, JwtError::Expired) << token;
  }
  EXPECT_EQ(error_of(codec, ""), JwtError::Malformed);
  EXPECT_EQ(error_of(codec, "abc"), JwtError::Malformed);
  EXPECT_EQ(error_of(codec, good + "." + parts[2]), JwtError::Malformed);
  EXPECT_EQ(error_of(codec, base64url_encode("not json") + "." + parts[1] + "." + parts[2]), JwtError::Malformed);
}

TEST(JwtVerify, SignedButMalformedPayload) {
  const JwtCodec codec(kSecret);
  const std::string header = base64url_encode(json::serialize(hs256_header()));
  for (const std::string& payload : {base64url_encode("not json"), base64url_encode("[1]"), std::string("")}) {
    const std::string input = header + "." + payload;
    const std::string token = input + "." + base64url_encode(hs256(kSecret, input));
    EXPECT_EQ(error_of(codec, token), JwtError::Malformed) << payload;
  }
}

TEST(JwtVerify, OversizedTokenIsRejected) {
  const JwtCodec codec(kSecret);
  auto payload = valid_payload();
  payload["pad"] = std::string(5000, 'x');
  EXPECT_EQ(error_of(codec, forge(hs256_header(), payload)), JwtError::Malformed);
}

TEST(JwtDescribe, EveryErrorHasItsOwnMessage) {
  std::set<std::string_view> messages;
  for (JwtError e : {JwtError::Malformed, JwtError::BadAlgorithm, JwtError::BadSignature, JwtError::BadIssuer,
                     JwtError::Expired, JwtError::NotYetValid, JwtError::MissingClaim}) {
    EXPECT_FALSE(describe(e).empty());
    messages.insert(describe(e));
  }
  EXPECT_EQ(messages.size(), 7u);
}

// ---------------------------------------------------------------- request auth

net::Request request_with(std::string authorization) {
  net::Request req;
  req.method = "GET";
  req.path = "/api/user-1/tasks";
  if (!authorization.empty()) req.headers.emplace_back("authorization", std::move(authorization));
  req.path_params = {{"user_id", "user-1"}};
  return req;
}

core::ErrorCode auth_error(const net::Request& req, const JwtCodec& codec) {
  try {
    (void)authorize_path_user(req, codec, kNow);
  } catch (const core::ApiError& e) {
    return e.code();
  }
  ADD_FAILURE() << "request was authorized";
  return core::ErrorCode::Internal;
}

TEST(RequestAuth, BearerTokenOfThePathUser) {
  const JwtCodec codec(kSecret);
  const std::string token = codec.issue("user-1", "ada@example.com", kNow);
  EXPECT_EQ(authorize_path_user(request_with("Bearer " + token), codec, kNow), "user-1");
  EXPECT_EQ(authenticate(request_with("Bearer " + token), codec, kNow).email, "ada@example.com");
}

TEST(RequestAuth, SchemeIsCaseInsensitiveAndSpacesAreTolerated) {
  const JwtCodec codec(kSecret);
  const std::string token = codec.issue("user-1", "e", kNow);
  EXPECT_EQ(authorize_path_user(request_with("bearer " + token), codec, kNow), "user-1");
  EXPECT_EQ(authorize_path_user(request_with("BEARER   " + token + "  "), codec, kNow), "user-1");
}

TEST(RequestAuth, HeaderNameIsCaseInsensitive) {
  const JwtCodec codec(kSecret);
  net::Request req = request_with("");
  req.headers.emplace_back("Authorization", "Bearer " + codec.issue("user-1", "e", kNow));
  EXPECT_EQ(authorize_path_user(req, codec, kNow), "user-1");
}

TEST(RequestAuth, MissingOrMalformedHeaderIsUnauthenticated) {
  const JwtCodec codec(kSecret);
  const std::string token = codec.issue("user-1", "e", kNow);
  for (const std::string& header : {std::string(""), std::string("Bearer"), std::string("Bearer "),
                                    std::string("Bearer    "), "Basic " + token, "Token " + token, token,
                                    "Bearer" + token, std::string("Bearer not-a-jwt")}) {
    EXPECT_EQ(auth_error(request_with(header), codec), core::ErrorCode::Unauthenticated) << "'" << header << "'";
  }
}

TEST(RequestAuth, ExpiredOrBadlySignedIsUnauthenticated) {
  const JwtCodec codec(kSecret, std::chrono::hours(1));
  EXPECT_EQ(auth_error(request_with("Bearer " + codec.issue("user-1", "e", kNow - 3h)), codec),
            core::ErrorCode::Unauthenticated);
  EXPECT_EQ(auth_error(request_with("Bearer " + JwtCodec("other").issue("user-1", "e", kNow)), codec),
            core::ErrorCode::Unauthenticated);
  try {
    (void)authenticate(request_with("Bearer " + codec.issue("user-1", "e", kNow - 3h)), codec, kNow);
    ADD_FAILURE();
  } catch (const core::ApiError& e) {
    EXPECT_EQ(std::string(e.what()), describe(JwtError::Expired));
  }
}

TEST(RequestAuth, OtherUsersPathIsForbidden) {
  const JwtCodec codec(kSecret);
  net::Request req = request_with("Bearer " + codec.issue("user-2", "e", kNow));
  EXPECT_EQ(auth_error(req, codec), core::ErrorCode::Forbidden);
  // authenticate alone does not look at the path.
  EXPECT_EQ(authenticate(req, codec, kNow).sub, "user-2");
}

TEST(RequestAuth, PathWithoutUserParameterIsForbidden) {
  const JwtCodec codec(kSecret);
  net::Request req = request_with("Bearer " + codec.issue("user-1", "e", kNow));
  req.path_params.clear();
  EXPECT_EQ(auth_error(req, codec), core::ErrorCode::Forbidden);
}

TEST(RequestAuth, VerifyTokenThrowsUnauthenticated) {
  const JwtCodec codec(kSecret);
  EXPECT_EQ(verify_token(codec.issue("user-9", "e", kNow), codec, kNow).sub, "user-9");
  try {
    (void)verify_token("nonsense", codec, kNow);
    ADD_FAILURE();
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::Unauthenticated);
  }
}

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace todo::auth
