// Accounts over real HTTP (DESIGN §3.2): sign-up, sign-in, me, tokens,
// throttling.
#include <boost/json.hpp>
#include <set>

#include "api_fixture.h"
#include "auth/jwt.h"
#include "core/uuid.h"

namespace todo::test {
namespace json = boost::json;

class AuthApi : public ApiTest {};

namespace {

std::string unique_email() { return "Ada." + core::new_uuid().substr(0, 8) + "@Example.com"; }

}  // namespace

TEST_F(AuthApi, SignUpReturnsUserTokenAndExpiry) {
  HttpClient c(port());
  const auto email = unique_email();
  const auto r = c.post("/api/auth/sign-up", json::object{{"email", email}, {"password", "12345678"}, {"name", "Ada"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto body = r.json().as_object();
  const auto& user = body.at("user").as_object();
  EXPECT_TRUE(core::is_uuid(user.at("id").as_string()));
  EXPECT_EQ(user.at("email").as_string(), email);
  EXPECT_EQ(user.at("name").as_string(), "Ada");
  EXPECT_TRUE(core::parse_rfc3339(user.at("created_at").as_string()));
  EXPECT_FALSE(body.contains("password_hash"));
  EXPECT_FALSE(user.contains("password_hash"));
  // The token is an HS256 JWT with the documented claims, valid for 7 days.
  auth::JwtCodec jwt(kTestJwtSecret);
  const auto now = core::parse_rfc3339(user.at("created_at").as_string()).value();
  const auto v = jwt.verify(body.at("token").as_string(), now);
  ASSERT_TRUE(v.claims) << auth::describe(v.error);
  EXPECT_EQ(v.claims->sub, user.at("id").as_string());
  EXPECT_EQ(v.claims->email, email);
  const auto expires = core::parse_rfc3339(body.at("expires_at").as_string()).value();
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::hours>(expires - v.claims->iat).count(), 7 * 24);
  EXPECT_FALSE(r.header("X-Request-Id").empty());
}

TEST_F(AuthApi, NameIsOptional) {
  HttpClient c(port());
  const auto r = c.post("/api/auth/sign-up", json::object{{"email", unique_email()}, {"password", "12345678"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("user").at("name").as_string(), "");
}

TEST_F(AuthApi, DuplicateEmailIsAConflictCaseInsensitively) {
  HttpClient c(port());
  const auto email = unique_email();
  ASSERT_EQ(c.post("/api/auth/sign-up", json::object{{"email", email}, {"password", "12345678"}}).status, 201);
  std::string upper = email;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const auto r = c.post("/api/auth/sign-up", json::object{{"email", upper}, {"password", "another-password"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(error_code(r), "conflict");
}

TEST_F(AuthApi, SignUpValidationListsEveryBrokenField) {
  HttpClient c(port());
  const auto r = c.post("/api/auth/sign-up",
                        json::object{{"email", "not-an-email"}, {"password", "short"}, {"name", 5}, {"role", "admin"}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_code(r), "validation_failed");
  std::set<std::string> fields;
  const auto body = r.json();
  for (const auto& d : body.at("error").at("details").as_array())
    fields.insert(std::string(d.at("field").as_string()));
  EXPECT_EQ(fields, (std::set<std::string>{"email", "password", "name", "role"}));
}

TEST_F(AuthApi, PasswordLengthBoundary) {
  HttpClient c(port());
  EXPECT_EQ(c.post("/api/auth/sign-up", json::object{{"email", unique_email()}, {"password", "1234567"}}).status, 422);
  EXPECT_EQ(c.post("/api/auth/sign-up", json::object{{"email", unique_email()}, {"password", "12345678"}}).status, 201);
  // Eight characters, not eight bytes: four two-byte letters are too short.
  EXPECT_EQ(c.post("/api/auth/sign-up", json::object{{"email", unique_email()}, {"password", "äöüß"}}).status, 422);
}

TEST_F(AuthApi, MissingFieldsAndWrongShapes) {
  HttpClient c(port());
  EXPECT_EQ(c.post("/api/auth/sign-up", json::object{}).status, 422);
  EXPECT_EQ(c.post("/api/auth/sign-up", json::array{1, 2}).status, 422);
  const auto r = c.request("POST", "/api/auth/sign-up", "{\"email\": ", {});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_code(r), "malformed_json");
  const auto t = c.request("POST", "/api/auth/sign-up", "email=a", {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(t.status, 415);
  EXPECT_EQ(error_code(t), "unsupported_media_type");
}

TEST_F(AuthApi, SignInWithRightAndWrongPassword) {
  HttpClient c(port());
  const auto email = unique_email();
  ASSERT_EQ(c.post("/api/auth/sign-up", json::object{{"email", email}, {"password", "correct horse"}}).status, 201);
  const auto ok = c.post("/api/auth/sign-in", json::object{{"email", email}, {"password", "correct horse"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("user").at("email").as_string(), email);
  EXPECT_TRUE(ok.json().as_object().contains("token"));

  const auto wrong = c.post("/api/auth/sign-in", json::object{{"email", email}, {"password", "wrong horse"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.header("WWW-Authenticate"), "Bearer");
  const auto unknown =
      c.post("/api/auth/sign-in", json::object{{"email", unique_email()}, {"password", "correct horse"}});
  EXPECT_EQ(unknown.status, 401);
  // The same words for an unknown email and a wrong password.
  EXPECT_EQ(wrong.json().at("error").at("message"), unknown.json().at("error").at("message"));
}

TEST_F(AuthApi, SignInIsCaseInsensitiveOnEmail) {
  HttpClient c(port());
  const auto email = unique_email();
  ASSERT_EQ(c.post("/api/auth/sign-up", json::object{{"email", email}, {"password", "correct horse"}}).status, 201);
  std::string lower = email;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(c.post("/api/auth/sign-in", json::object{{"email", lower}, {"password", "correct horse"}}).status, 200);
}

TEST_F(AuthApi, TenFailuresLockTheEmailEvenForTheRightPassword) {
  HttpClient c(port());
  const auto email = unique_email();
  ASSERT_EQ(c.post("/api/auth/sign-up", json::object{{"email", email}, {"password", "correct horse"}}).status, 201);
  for (int i = 0; i < 10; ++i)
    ASSERT_EQ(c.post("/api/auth/sign-in", json::object{{"email", email}, {"password", "guess " + std::to_string(i)}}).status,
              401);
  const auto locked = c.post("/api/auth/sign-in", json::object{{"email", email}, {"password", "correct horse"}});
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(error_code(locked), "rate_limited");
  const int retry_after = std::stoi(locked.header("Retry-After"));
  EXPECT_GT(retry_after, 0);
  EXPECT_LE(retry_after, 15 * 60);
  // Another email is not affected.
  const auto other = unique_email();
  ASSERT_EQ(c.post("/api/auth/sign-up", json::object{{"email", other}, {"password", "correct horse"}}).status, 201);
  EXPECT_EQ(c.post("/api/auth/sign-in", json::object{{"email", other}, {"password", "correct horse"}}).status, 200);
}

// PostgreSQL's lower() in a UTF-8 database folds U+212A KELVIN SIGN to "k"
// and U+0130 (I with dot above) to "i", so these spellings find the same
// account: they must share its lockout, not get ten fresh guesses each.
TEST_F(AuthApi, UnicodeLookAlikesShareTheLockoutOfTheAccount) {
  HttpClient c(port());
  const auto tail = "rk." + core::new_uuid().substr(0, 8) + "@example.com";
  const auto email = "ki" + tail;
  const std::vector<std::string> look_alikes = {"\xE2\x84\xAA" "i" + tail, "k\xC4\xB0" + tail,
                                                "\xE2\x84\xAA\xC4\xB0" + tail};
  ASSERT_EQ(c.post("/api/auth/sign-up", json::object{{"email", email}, {"password", "correct horse"}}).status, 201);
  // Before the lockout, a look-alike does reach the account: it is one account.
  const auto found = c.post("/api/auth/sign-in", json::object{{"email", look_alikes[0]}, {"password", "correct horse"}});
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(found.json().at("user").at("email").as_string(), email);
  // Ten failures spread over every spelling lock them all.
  for (int i = 0; i < 10; ++i) {
    const auto& spelling = i % 2 ? email : look_alikes[static_cast<size_t>(i / 2) % look_alikes.size()];
    ASSERT_EQ(c.post("/api/auth/sign-in", json::object{{"email", spelling}, {"password", "guess " + std::to_string(i)}})
                  .status,
              401)
        << i;
  }
  for (const auto& spelling : look_alikes) {
    const auto r = c.post("/api/auth/sign-in", json::object{{"email", spelling}, {"password", "correct horse"}});
    EXPECT_EQ(r.status, 429) << r.body;
    EXPECT_EQ(error_code(r), "rate_limited");
  }
  EXPECT_EQ(c.post("/api/auth/sign-in", json::object{{"email", email}, {"password", "correct horse"}}).status, 429);
}

TEST_F(AuthApi, NineFailuresThenSuccessResetsTheCount) {
  HttpClient c(port());
  const auto email = unique_email();
  ASSERT_EQ(c.post("/api/auth/sign-up", json::object{{"email", email}, {"password", "correct horse"}}).status, 201);
  for (int i = 0; i < 9; ++i)
    ASSERT_EQ(c.post("/api/auth/sign-in", json::object{{"email", email}, {"password", "nope"}}).status, 401);
  ASSERT_EQ(c.post("/api/auth/sign-in", json::object{{"email", email}, {"password", "correct horse"}}).status, 200);
  for (int i = 0; i < 9; ++i)
    ASSERT_EQ(c.post("/api/auth/sign-in", json::object{{"email", email}, {"password", "nope"}}).status, 401);
  EXPECT_EQ(c.post("/api/auth/sign-in", json::object{{"email", email}, {"password", "correct horse"}}).status, 200);
}

TEST_F(AuthApi, MeNeedsAValidToken) {
  const auto a = sign_up("Grace");
  auto c = client_for(a);
  const auto me = c.get("/api/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().at("id").as_string(), a.id);
  EXPECT_EQ(me.json().at("name").as_string(), "Grace");

  HttpClient anon(port());
  const auto missing = anon.get("/api/auth/me");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(error_code(missing), "unauthenticated");
  EXPECT_EQ(anon.get("/api/auth/me", {{"Authorization", "Basic abc"}}).status, 401);
  EXPECT_EQ(anon.get("/api/auth/me", {{"Authorization", "Bearer not.a.jwt"}}).status, 401);

  // Expired, wrongly signed and alg=none tokens.
  auth::JwtCodec jwt(kTestJwtSecret);
  const auto past = core::parse_rfc3339("2020-01-01T00:00:00Z").value();
  EXPECT_EQ(anon.get("/api/auth/me", {{"Authorization", "Bearer " + jwt.issue(a.id, a.email, past)}}).status, 401);
  auth::JwtCodec other("another-secret-0123456789abcdef0123456789");
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  EXPECT_EQ(anon.get("/api/auth/me", {{"Authorization", "Bearer " + other.issue(a.id, a.email, now)}}).status, 401);
  const auto good = jwt.issue(a.id, a.email, now);
  const auto payload = good.substr(good.find('.') + 1, good.rfind('.') - good.find('.') - 1);
  const std::string none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + ".";
  EXPECT_EQ(anon.get("/api/auth/me", {{"Authorization", "Bearer " + none}}).status, 401);
  EXPECT_EQ(anon.get("/api/auth/me", {{"Authorization", "Bearer " + good}}).status, 200);
}

TEST_F(AuthApi, ValidTokenOfAnUnknownUserIsRejected) {
  auth::JwtCodec jwt(kTestJwtSecret);
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  HttpClient c(port());
  c.set_token(jwt.issue(core::new_uuid(), "ghost@example.com", now));
  EXPECT_EQ(c.get("/api/auth/me").status, 401);
}

}  // namespace todo::test
