// Authorization matrix against the real platform binary (docs/api.md §2
// Errors, §3 Tokens, §6, §7, §8 Connecting): every route that needs a token,
// against every kind of missing, malformed, forged or foreign token, asserting
// exactly the documented status, error code and error body, and that no
// refusal carries the other user's data. Then isolation between two users
// through every list, filter, cursor and the WebSocket feed.
//
// One platform process serves the whole suite. SetUpTestSuite plants two
// users, Ada (A, the victim) and Bob (B, the intruder), with interleaved tasks,
// reminders that fire at once (notifications) and a completion (audit
// entries), and waits until everything has settled. Tests that must change
// data use fresh accounts, so the planted world stays exactly as recorded and
// every matrix test ends by checking that A's data was not touched.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "api_fixture.h"
#include "auth/jwt.h"
#include "core/base64.h"
#include "core/time.h"
#include "core/uuid.h"

namespace todo::test {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

core::Instant now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }
long long unix_seconds(core::Instant t) { return core::to_unix_ms(t) / 1000; }
std::string str(const json::value& v) { return std::string(v.as_string()); }

// ---------------------------------------------------------------------------
// Hand-made JWTs: any header, any payload, any HMAC (or none).

std::string b64(std::string_view bytes) { return core::base64url_encode(bytes); }

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

// base64url(header).base64url(payload).signature, the signature an HMAC with
// `md` over the first two parts under `key`, or empty when `md` is null.
std::string make_jwt(const json::object& header, const json::object& payload, const EVP_MD* md = EVP_sha256(),
                     std::string_view key = kTestJwtSecret) {
  const auto input = b64(json::serialize(header)) + "." + b64(json::serialize(payload));
  return input + "." + (md ? b64(hmac(md, key, input)) : std::string());
}

const json::object kHs256Header{{"alg", "HS256"}, {"typ", "JWT"}};

json::object claims_for(const Account& who, core::Instant iat, core::Instant exp) {
  return json::object{{"sub", who.id},
                      {"email", who.email},
                      {"iss", "todo-platform"},
                      {"iat", unix_seconds(iat)},
                      {"exp", unix_seconds(exp)}};
}
json::object fresh_claims(const Account& who) { return claims_for(who, now(), now() + 1h); }

json::object without(json::object o, std::string_view key) {
  o.erase(key);
  return o;
}
json::object with(json::object o, std::string_view key, json::value v) {
  o[key] = std::move(v);
  return o;
}

// A token that names A as its subject but must be refused (401).
struct BadToken {
  std::string kind;
  std::string jwt;
  std::string message;  // the message docs/api.md names for this case ("" when it names none)
};

std::vector<BadToken> bad_tokens(const Account& a, const Account& b) {
  const auto t = now();
  const auto valid = make_jwt(kHs256Header, fresh_claims(a));
  const auto dot1 = valid.find('.');
  const auto dot2 = valid.rfind('.');
  const auto header_part = valid.substr(0, dot1);
  const auto signature_part = valid.substr(dot2 + 1);
  const auto token_b = make_jwt(kHs256Header, fresh_claims(b));
  const auto payload_b = token_b.substr(token_b.find('.') + 1, token_b.rfind('.') - token_b.find('.') - 1);

  std::vector<BadToken> out = {
      {"expired (exp an hour ago, beyond the 30 s leeway)",
       make_jwt(kHs256Header, claims_for(a, t - 8 * 24h, t - 1h)), "token has expired"},
      {"expired a minute ago", make_jwt(kHs256Header, claims_for(a, t - 2h, t - 1min)), "token has expired"},
      {"signed with another key",
       make_jwt(kHs256Header, fresh_claims(a), EVP_sha256(), "another-secret-0123456789abcdef0123456789"),
       "token signature is invalid"},
      {"payload swapped to B under A's signature", header_part + "." + payload_b + "." + signature_part,
       "token signature is invalid"},
      {"signature truncated", valid.substr(0, valid.size() - 3), "token signature is invalid"},
      {"signature empty", valid.substr(0, dot2 + 1), "token signature is invalid"},
      {"alg none, empty signature", make_jwt({{"alg", "none"}, {"typ", "JWT"}}, fresh_claims(a), nullptr), ""},
      {"alg none, with an HS256 signature", make_jwt({{"alg", "none"}, {"typ", "JWT"}}, fresh_claims(a)), ""},
      {"alg NONE, empty signature", make_jwt({{"alg", "NONE"}}, fresh_claims(a), nullptr), ""},
      {"alg HS512 signed with the real secret", make_jwt({{"alg", "HS512"}, {"typ", "JWT"}}, fresh_claims(a), EVP_sha512()),
       ""},
      {"alg RS256 carrying an HS256 signature with the real secret (key confusion)",
       make_jwt({{"alg", "RS256"}, {"typ", "JWT"}}, fresh_claims(a)), ""},
      {"alg RS256 with a 256-byte signature",
       make_jwt({{"alg", "RS256"}, {"typ", "JWT"}}, fresh_claims(a), nullptr) + b64(std::string(256, '\x5a')), ""},
      {"no alg, HS256 signature", make_jwt({{"typ", "JWT"}}, fresh_claims(a)), ""},
      {"another issuer", make_jwt(kHs256Header, with(fresh_claims(a), "iss", "someone-else")), ""},
      {"no issuer", make_jwt(kHs256Header, without(fresh_claims(a), "iss")), ""},
      {"no exp", make_jwt(kHs256Header, without(fresh_claims(a), "exp")), ""},
      {"no sub", make_jwt(kHs256Header, without(fresh_claims(a), "sub")), ""},
      {"empty sub", make_jwt(kHs256Header, with(fresh_claims(a), "sub", "")), ""},
      {"not valid yet (iat in an hour)", make_jwt(kHs256Header, claims_for(a, t + 1h, t + 2h)), ""},
      {"not valid yet (nbf in an hour)", make_jwt(kHs256Header, with(fresh_claims(a), "nbf", unix_seconds(t + 1h))), ""},
      {"over 4096 characters, correctly signed",
       make_jwt(kHs256Header, with(fresh_claims(a), "pad", json::string(3200, 'x'))), ""},
      {"header not JSON", b64("{\"alg\":") + valid.substr(dot1), ""},
      {"four parts", valid + ".x", ""},
      {"two parts", valid.substr(0, dot2), ""},
      {"garbage", "garbage", ""},
      {"not.a.jwt", "not.a.jwt", ""},
  };
  return out;
}

// An Authorization header (or its absence) that is not `Bearer <token>`.
struct BadHeader {
  std::string kind;
  std::optional<std::string> value;  // nullopt: no Authorization header at all
};

std::vector<BadHeader> bad_headers(const Account& a) {
  return {
      {"no Authorization header", std::nullopt},
      {"empty Authorization", ""},
      {"scheme only", "Bearer"},
      {"scheme and spaces only", "Bearer    "},
      {"no scheme (bare valid token)", a.token},
      {"Basic scheme", "Basic " + core::base64url_encode(a.email + ":correct horse battery")},
      {"Token scheme with a valid token", "Token " + a.token},
      {"JWT scheme with a valid token", "JWT " + a.token},
      {"'Bearer:' with a valid token", "Bearer: " + a.token},
      {"scheme glued to a valid token", "Bearer" + a.token},
      {"garbage", "!!garbage!!"},
  };
}

// ---------------------------------------------------------------------------
// The routes that need a token. {user}, {task}, {notification} and {project} are filled in.

struct Route {
  std::string method;
  std::string pattern;
  std::string body;  // sent as application/json when not empty
  std::string name() const { return method + " " + pattern + (body.empty() ? "" : " " + body); }
};

const std::vector<Route> kUserRoutes = {
    {"GET", "/api/{user}/tasks", ""},
    {"HEAD", "/api/{user}/tasks", ""},
    {"POST", "/api/{user}/tasks", R"({"title":"intruder"})"},
    {"GET", "/api/{user}/tasks/{task}", ""},
    {"HEAD", "/api/{user}/tasks/{task}", ""},
    {"PUT", "/api/{user}/tasks/{task}", R"({"title":"hijacked"})"},
    {"PATCH", "/api/{user}/tasks/{task}", R"({"title":"hijacked"})"},
    {"PATCH", "/api/{user}/tasks/{task}/complete", ""},
    {"PATCH", "/api/{user}/tasks/{task}/complete", R"({"completed":true})"},
    {"DELETE", "/api/{user}/tasks/{task}", ""},
    {"GET", "/api/{user}/stats", ""},
    {"GET", "/api/{user}/tags", ""},
    {"GET", "/api/{user}/notifications", ""},
    {"PATCH", "/api/{user}/notifications/{notification}/read", ""},
    {"POST", "/api/{user}/notifications/read-all", ""},
    {"DELETE", "/api/{user}/notifications/{notification}", ""},
    {"GET", "/api/{user}/audit", ""},
    // Projects, quick add and the trash (DESIGN §3.8).
    {"GET", "/api/{user}/projects", ""},
    {"HEAD", "/api/{user}/projects", ""},
    {"POST", "/api/{user}/projects", R"({"name":"intruder"})"},
    {"GET", "/api/{user}/projects/{project}", ""},
    {"HEAD", "/api/{user}/projects/{project}", ""},
    {"PATCH", "/api/{user}/projects/{project}", R"({"name":"hijacked"})"},
    {"DELETE", "/api/{user}/projects/{project}", ""},
    {"DELETE", "/api/{user}/projects/{project}?delete_tasks=true", ""},
    {"GET", "/api/{user}/tasks?status=deleted", ""},
    {"GET", "/api/{user}/tasks?project=inbox", ""},
    {"POST", "/api/{user}/tasks/{task}/restore", ""},
    {"POST", "/api/{user}/tasks/quick", R"({"text":"intruder tomorrow p1"})"},
    {"POST", "/api/{user}/tasks/quick/preview", R"({"text":"intruder tomorrow p1"})"},
};
const std::vector<Route> kAccountRoutes = {
    {"GET", "/api/auth/me", ""},
    {"HEAD", "/api/auth/me", ""},
};

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}
// The resource ids a route's pattern is filled with.
struct Ids {
  std::string task, notification, project;
};
std::string fill(const std::string& pattern, const std::string& user, const Ids& ids) {
  auto s = replace_all(pattern, "{user}", user);
  s = replace_all(s, "{task}", ids.task);
  s = replace_all(s, "{notification}", ids.notification);
  return replace_all(s, "{project}", ids.project);
}
Ids unknown_ids() { return {core::new_uuid(), core::new_uuid(), core::new_uuid()}; }
Ids malformed_ids() { return {"not-a-uuid", "not-a-uuid", "not-a-uuid"}; }
bool has_resource_id(const Route& r) {
  return r.pattern.find("{task}") != std::string::npos || r.pattern.find("{notification}") != std::string::npos ||
         r.pattern.find("{project}") != std::string::npos;
}

// ---------------------------------------------------------------------------
// Assertions on responses.

// The documented error: status, code, the error contract body (exactly
// {"error": {code, message, details: [], request_id = X-Request-Id}}),
// WWW-Authenticate: Bearer on 401 only, and no resource headers.
void expect_error(const HttpResult& r, bool head, int status, std::string_view code, std::string_view message = {}) {
  EXPECT_EQ(r.status, status) << r.body.substr(0, 400);
  const auto request_id = r.header("X-Request-Id");
  EXPECT_FALSE(request_id.empty());
  EXPECT_EQ(r.header("WWW-Authenticate"), status == 401 ? "Bearer" : "");
  EXPECT_EQ(r.header("ETag"), "");
  EXPECT_EQ(r.header("Location"), "");
  EXPECT_EQ(r.header("Idempotent-Replayed"), "");
  if (head) {
    EXPECT_EQ(r.body, "");
    return;
  }
  EXPECT_EQ(r.header("Content-Type").rfind("application/json", 0), 0u) << r.header("Content-Type");
  json::value v;
  try {
    v = r.json();
  } catch (const std::exception&) {
    ADD_FAILURE() << "error body is not JSON: " << r.body.substr(0, 400);
    return;
  }
  ASSERT_TRUE(v.is_object()) << r.body;
  ASSERT_EQ(v.as_object().size(), 1u) << r.body;
  const auto* e = v.as_object().if_contains("error");
  ASSERT_TRUE(e && e->is_object()) << r.body;
  const auto& err = e->as_object();
  EXPECT_EQ(err.size(), 4u) << r.body;
  ASSERT_TRUE(err.contains("code") && err.at("code").is_string()) << r.body;
  EXPECT_EQ(err.at("code").as_string(), code) << r.body;
  ASSERT_TRUE(err.contains("message") && err.at("message").is_string()) << r.body;
  EXPECT_FALSE(err.at("message").as_string().empty());
  if (!message.empty()) {
    EXPECT_EQ(err.at("message").as_string(), message) << r.body;
  }
  ASSERT_TRUE(err.contains("details") && err.at("details").is_array()) << r.body;
  EXPECT_TRUE(err.at("details").as_array().empty()) << r.body;
  ASSERT_TRUE(err.contains("request_id") && err.at("request_id").is_string()) << r.body;
  EXPECT_EQ(err.at("request_id").as_string(), request_id);
}

// None of `secrets` in the body or any header, except those the request
// itself carried (an id in the path is no leak).
void expect_no_leak(const HttpResult& r, const std::string& request, const std::vector<std::string>& secrets) {
  for (const auto& s : secrets) {
    if (request.find(s) != std::string::npos) continue;
    EXPECT_EQ(r.body.find(s), std::string::npos) << "the answer reveals '" << s << "': " << r.body.substr(0, 400);
    for (const auto& [k, v] : r.headers)
      EXPECT_EQ(v.find(s), std::string::npos) << "header " << k << " reveals '" << s << "'";
  }
}

json::object get_object(HttpClient& c, const std::string& target) {
  const auto r = c.get(target);
  EXPECT_EQ(r.status, 200) << target << ": " << r.body.substr(0, 400);
  if (r.status != 200) return {};
  return r.json().as_object();
}

std::vector<std::string> ids_of(const json::object& page, std::string_view field = "id") {
  std::vector<std::string> out;
  if (const auto* items = page.if_contains("items"))
    for (const auto& it : items->as_array()) out.push_back(str(it.at(field)));
  return out;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// A cursor's JSON ({"s": scope, "k": key, "i": id}) with some fields replaced.
std::string recraft_cursor(const std::string& cursor, const json::value& key, const std::string& id) {
  const auto raw = core::base64url_decode(cursor);
  if (!raw) return cursor;
  auto o = json::parse(*raw).as_object();
  o["k"] = key;
  o["i"] = id;
  return core::base64url_encode(json::serialize(o));
}

// A raw WebSocket upgrade request, so that a refusal's headers and body can be read.
HttpResult ws_upgrade(uint16_t port, const std::string& target, const HeaderList& extra = {}) {
  std::string req = "GET " + target +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  for (const auto& [k, v] : extra) req += k + ": " + v + "\r\n";
  req += "\r\n";
  return HttpClient(port).raw(req, 5s);
}

}  // namespace

// ---------------------------------------------------------------------------

class Authorization : public ApiTest {
 public:
  // What SetUpTestSuite planted, recorded once everything settled.
  struct World {
    Account a, b;
    std::string a_name;
    std::vector<std::string> a_tasks, b_tasks;  // in creation order: [0] overdue+tags, [1],[2] reminders, [3] completed
    std::vector<std::string> a_notifications, b_notifications;
    std::vector<std::string> a_projects, b_projects;  // A's [0] holds A's task [0]
    json::array a_project_list;  // A's projects as listed
    std::string a_tag, b_tag;
    std::map<std::string, int64_t> a_versions;
    json::object a_stats;
    size_t a_audit = 0, b_audit = 0;  // 2 / 1 project.created + 7 task events
    std::vector<std::string> a_secrets;  // A's strings that no answer to anyone else may contain
  };

  static void SetUpTestSuite() {
    ApiTest::SetUpTestSuite();
    try {
      plant();
    } catch (const std::exception& e) {
      setup_error() = e.what();
    }
  }

 protected:
  void SetUp() override { ASSERT_TRUE(setup_error().empty()) << "planting failed: " << setup_error(); }

  static World& w() {
    static World world;
    return world;
  }
  static std::string& setup_error() {
    static std::string error;
    return error;
  }

  static HttpClient anonymous() { return HttpClient(port()); }
  // A's resources: [0] the task with tags and a project, its project; [1] others.
  static Ids a_ids(size_t i) {
    return {w().a_tasks[i == 0 ? 0 : 3], w().a_notifications[i], w().a_projects[i]};
  }

  // A's data is exactly as planted: same tasks and versions, notifications
  // unread, stats, and (once delivered) the same audit entries.
  static void expect_a_untouched() {
    auto c = client_for(w().a);
    const auto tasks = get_object(c, tasks_url(w().a) + "?limit=200");
    std::map<std::string, int64_t> versions;
    for (const auto& t : tasks.at("items").as_array()) versions[str(t.at("id"))] = t.at("version").as_int64();
    EXPECT_EQ(versions, w().a_versions) << "A's tasks changed";
    EXPECT_EQ(tasks.at("items").as_array().size(), w().a_tasks.size());
    const auto notes = get_object(c, "/api/" + w().a.id + "/notifications");
    EXPECT_EQ(as_set(ids_of(notes)), as_set(w().a_notifications)) << "A's notifications changed";
    EXPECT_EQ(notes.at("unread_count").as_int64(), static_cast<int64_t>(w().a_notifications.size()));
    EXPECT_EQ(get_object(c, "/api/" + w().a.id + "/stats"), w().a_stats);
    EXPECT_EQ(ids_of(get_object(c, "/api/" + w().a.id + "/audit?limit=200")).size(), w().a_audit);
    EXPECT_EQ(get_object(c, "/api/" + w().a.id + "/projects").at("items").as_array(), w().a_project_list)
        << "A's projects changed";
    EXPECT_TRUE(get_object(c, tasks_url(w().a) + "?status=deleted").at("items").as_array().empty())
        << "A's tasks went to the trash";
  }

 private:
  static void plant() {
    const auto rnd = core::new_uuid().substr(0, 8);
    auto& world = w();
    world.a_name = "Ada Lovelace-" + rnd;
    world.a = sign_up(world.a_name);
    world.b = sign_up("Bob Intruder-" + rnd);
    world.a_tag = "adatag-" + rnd;
    world.b_tag = "bobtag-" + rnd;
    auto ca = client_for(world.a);
    auto cb = client_for(world.b);
    // Projects first: A's first task is filed in A's first project.
    for (auto [c, who, names, ids] :
         {std::tuple{&ca, &world.a, std::vector<std::string>{"adasecret home " + rnd, "adasecret work " + rnd},
                     &world.a_projects},
          std::tuple{&cb, &world.b, std::vector<std::string>{"bob project " + rnd}, &world.b_projects}}) {
      for (const auto& name : names) {
        const auto r = c->post("/api/" + who->id + "/projects", json::object{{"name", name}});
        if (r.status != 201) throw std::runtime_error("project create failed: " + r.body);
        ids->push_back(str(r.json().at("id")));
      }
    }
    const auto start = now();
    const auto past = core::format_rfc3339(start - 1h);
    const auto remind_now = core::format_rfc3339(start - 1s);  // a reminder in the past fires at once

    // Interleaved, so that a cursor of one user falls between the other's tasks.
    const std::vector<json::object> a_bodies = {
        {{"title", "adasecret alpha " + rnd}, {"description", "adasecret description " + rnd},
         {"priority", "high"}, {"tags", json::array{world.a_tag, "shared"}}, {"due_date", past},
         {"project_id", world.a_projects[0]}},
        {{"title", "adasecret beta " + rnd}, {"reminder_at", remind_now}, {"tags", json::array{"shared"}}},
        {{"title", "adasecret gamma " + rnd}, {"reminder_at", remind_now}},
        {{"title", "adasecret delta " + rnd}, {"priority", "low"}},
    };
    const std::vector<json::object> b_bodies = {
        {{"title", "bob one " + rnd}, {"priority", "high"}, {"tags", json::array{world.b_tag, "shared"}}},
        {{"title", "bob two " + rnd}, {"reminder_at", remind_now}},
        {{"title", "bob three " + rnd}, {"reminder_at", remind_now}},
        {{"title", "bob four " + rnd}, {"priority", "low"}},
    };
    for (size_t i = 0; i < 4; ++i) {
      world.a_tasks.push_back(str(create_task(ca, world.a, a_bodies[i]).at("id")));
      world.b_tasks.push_back(str(create_task(cb, world.b, b_bodies[i]).at("id")));
    }
    for (auto [c, who, id] : {std::tuple{&ca, &world.a, world.a_tasks[3]}, std::tuple{&cb, &world.b, world.b_tasks[3]}}) {
      const auto r = c->patch(tasks_url(*who) + "/" + id + "/complete", json::object{{"completed", true}});
      if (r.status != 200) throw std::runtime_error("complete failed: " + r.body);
    }

    // Settled: both reminders of each user fired (notifications, reminder_sent)
    // and every event is in the audit log: the project.created, 4 created +
    // 2 reminder_sent updates + 1 completed.
    auto count = [](HttpClient& c, const std::string& target) {
      const auto r = c.get(target);
      return r.status == 200 ? r.json().at("items").as_array().size() : 0u;
    };
    auto reminders_sent = [](HttpClient& c, const Account& who) {
      const auto r = c.get(tasks_url(who) + "?limit=200");
      if (r.status != 200) return 0;
      int n = 0;
      for (const auto body = r.json(); const auto& t : body.at("items").as_array())
        n += t.at("reminder_sent").as_bool() ? 1 : 0;
      return n;
    };
    const bool settled = wait_until(
        [&] {
          return count(ca, "/api/" + world.a.id + "/notifications") == 2 &&
                 count(cb, "/api/" + world.b.id + "/notifications") == 2 &&
                 count(ca, "/api/" + world.a.id + "/audit?limit=200") == 9 &&
                 count(cb, "/api/" + world.b.id + "/audit?limit=200") == 8 && reminders_sent(ca, world.a) == 2 &&
                 reminders_sent(cb, world.b) == 2;
        },
        20s);
    if (!settled) throw std::runtime_error("reminders and audit entries did not settle within 20 s");

    const auto a_tasks = get_object(ca, tasks_url(world.a) + "?limit=200");
    for (const auto& t : a_tasks.at("items").as_array()) {
      world.a_versions[str(t.at("id"))] = t.at("version").as_int64();
      world.a_secrets.push_back(str(t.at("title")));
      world.a_secrets.push_back(str(t.at("id")));
    }
    const auto a_notes = get_object(ca, "/api/" + world.a.id + "/notifications");
    world.a_notifications = ids_of(a_notes);
    for (const auto& n : a_notes.at("items").as_array()) world.a_secrets.push_back(str(n.at("message")));
    world.b_notifications = ids_of(get_object(cb, "/api/" + world.b.id + "/notifications"));
    const auto a_audit = get_object(ca, "/api/" + world.a.id + "/audit?limit=200");
    for (const auto& e : a_audit.at("items").as_array()) {
      world.a_secrets.push_back(str(e.at("id")));
      world.a_secrets.push_back(str(e.at("event_id")));
    }
    world.a_audit = 9;
    world.b_audit = 8;
    world.a_project_list = get_object(ca, "/api/" + world.a.id + "/projects").at("items").as_array();
    for (const auto& p : world.a_project_list) {
      world.a_secrets.push_back(str(p.at("id")));
      world.a_secrets.push_back(str(p.at("name")));
    }
    world.a_stats = get_object(ca, "/api/" + world.a.id + "/stats");
    for (const auto& id : world.a_notifications) world.a_secrets.push_back(id);
    for (const auto& s : std::vector<std::string>{world.a.email, world.a_name, world.a_tag, "adasecret description " + rnd,
                                                 "adasecret"})
      world.a_secrets.push_back(s);
    world.a_secrets.push_back(world.a.token);
  }
};

// ===========================================================================
// The matrix: routes × token kinds.

// Controls: the owner's token (as issued, hand-made, and with the scheme in
// another case) is accepted on every read route, so the refusals below are
// refusals of the token and not of a wrong route.
TEST_F(Authorization, OwnersTokenIsAcceptedOnEveryReadRoute) {
  const auto& a = w().a;
  const std::vector<std::pair<std::string, std::string>> tokens = {
      {"issued at sign-up", "Bearer " + a.token},
      {"hand-made HS256 with the secret", "Bearer " + make_jwt(kHs256Header, fresh_claims(a))},
      {"scheme in another case", "bEaReR " + a.token},
  };
  auto c = anonymous();
  for (const auto& [kind, header] : tokens) {
    for (const auto& route : kUserRoutes) {
      if (route.method != "GET" && route.method != "HEAD") continue;
      const auto target = fill(route.pattern, a.id, a_ids(0));
      SCOPED_TRACE(route.method + " " + target + " with " + kind);
      EXPECT_EQ(c.request(route.method, target, "", {{"Authorization", header}}).status, 200);
    }
    SCOPED_TRACE("/api/auth/me with " + kind);
    const auto me = c.get("/api/auth/me", {{"Authorization", header}});
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json().at("id").as_string(), a.id);
  }
  EXPECT_EQ(websocket_upgrade_status(port(), "/ws?token=" + a.token), 101);
  EXPECT_EQ(websocket_upgrade_status(port(), "/ws", "bearer, " + a.token), 101);
}

// No token, or an Authorization header that is not `Bearer <token>`: 401
// unauthenticated with WWW-Authenticate: Bearer on every route, before
// ownership (so even A's own valid token in the wrong place is refused).
TEST_F(Authorization, MissingOrMalformedAuthorizationIs401OnEveryRoute) {
  const auto& a = w().a;
  auto c = anonymous();
  for (const auto& h : bad_headers(a)) {
    HeaderList headers;
    if (h.value) headers.emplace_back("Authorization", *h.value);
    for (const auto* routes : {&kUserRoutes, &kAccountRoutes}) {
      for (const auto& route : *routes) {
        const auto target = fill(route.pattern, a.id, a_ids(0));
        SCOPED_TRACE(route.method + " " + target + " " + route.body + " with " + h.kind);
        const auto r = c.request(route.method, target, route.body, headers);
        expect_error(r, route.method == "HEAD", 401, "unauthenticated");
        expect_no_leak(r, target, w().a_secrets);
      }
    }
  }
  expect_a_untouched();
}

// Tokens that name A but are expired, forged, of another algorithm, of
// another issuer, incomplete, not yet valid, oversized or not JWTs at all: 401
// on every route, with the documented message where docs/api.md names one.
TEST_F(Authorization, InvalidTokensAre401OnEveryRoute) {
  const auto& a = w().a;
  auto c = anonymous();
  for (const auto& bad : bad_tokens(a, w().b)) {
    for (const auto* routes : {&kUserRoutes, &kAccountRoutes}) {
      for (const auto& route : *routes) {
        const auto target = fill(route.pattern, a.id, a_ids(0));
        SCOPED_TRACE(route.method + " " + target + " " + route.body + " with token: " + bad.kind);
        const auto r = c.request(route.method, target, route.body, {{"Authorization", "Bearer " + bad.jwt}});
        expect_error(r, route.method == "HEAD", 401, "unauthenticated", bad.message);
        expect_no_leak(r, target, w().a_secrets);
      }
    }
  }
  expect_a_untouched();
}

// A valid token whose user is not the {user_id} of the path: 403 forbidden on
// every route, whether it is B's, a token of a user that does not exist, or
// A's own token on a path of someone else (a stranger, a non-UUID); checked
// before the {id} (A's real ids, unknown ids and non-UUIDs all get 403).
TEST_F(Authorization, TokenOfAnotherUserIs403OnEveryPathOfTheUser) {
  const auto& a = w().a;
  const auto& b = w().b;
  auth::JwtCodec jwt(kTestJwtSecret);
  const auto ghost = jwt.issue(core::new_uuid(), "ghost@example.com", now());
  struct Case {
    std::string kind, token, path_user;
  };
  const std::vector<Case> cases = {
      {"B's token on A's path", b.token, a.id},
      {"a token of a user that does not exist, on A's path", ghost, a.id},
      {"A's token on the path of a user that does not exist", a.token, core::new_uuid()},
      {"A's token on B's path", a.token, b.id},
      {"A's token on a non-UUID user path", a.token, "not-a-uuid"},
  };
  auto c = anonymous();
  for (const auto& k : cases) {
    for (const auto& route : kUserRoutes) {
      for (const auto& ids : {a_ids(0), unknown_ids(), malformed_ids()}) {
        if (!has_resource_id(route) && ids.task != w().a_tasks[0]) continue;
        const auto target = fill(route.pattern, k.path_user, ids);
        SCOPED_TRACE(route.method + " " + target + " " + route.body + " with " + k.kind);
        const auto r = c.request(route.method, target, route.body, {{"Authorization", "Bearer " + k.token}});
        expect_error(r, route.method == "HEAD", 403, "forbidden");
        expect_no_leak(r, target, w().a_secrets);
      }
    }
  }
  expect_a_untouched();
}

// /api/auth/me has no path user: B's token answers B, never A; a valid token
// of an account that does not exist is 401 (docs/api.md §2, §3).
TEST_F(Authorization, MeAnswersOnlyTheTokensOwnAccount) {
  auto c = anonymous();
  const auto me = c.get("/api/auth/me", {{"Authorization", "Bearer " + w().b.token}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().at("id").as_string(), w().b.id);
  EXPECT_EQ(me.json().at("email").as_string(), w().b.email);
  expect_no_leak(me, "", w().a_secrets);

  auth::JwtCodec jwt(kTestJwtSecret);
  for (const auto& sub : {core::new_uuid(), std::string("not-a-uuid"), std::string("' OR 1=1 --")}) {
    SCOPED_TRACE("token of a user that does not exist: sub=" + sub);
    for (const auto& route : kAccountRoutes) {
      const auto token = jwt.issue(sub, w().a.email, now());
      const auto r = c.request(route.method, route.pattern, "", {{"Authorization", "Bearer " + token}});
      expect_error(r, route.method == "HEAD", 401, "unauthenticated");
      expect_no_leak(r, "", w().a_secrets);
    }
  }
}

// B's own path with A's task and notification ids: 404 not_found, exactly as
// for an unknown UUID and a non-UUID — same code, message and details — so
// the answer never reveals that the id exists. If-Match does not change that
// (a 412 would reveal it). A's resources stay untouched.
TEST_F(Authorization, AnotherUsersResourcesUnderOwnPathAre404LikeUnknownIds) {
  const auto& b = w().b;
  auto c = client_for(b);
  for (const auto& route : kUserRoutes) {
    if (!has_resource_id(route)) continue;
    for (const HeaderList& extra : {HeaderList{}, HeaderList{{"If-Match", "\"999\""}}, HeaderList{{"If-Match", "*"}}}) {
      if (!extra.empty() && route.method != "PUT" && route.method != "PATCH" && route.method != "DELETE") continue;
      std::map<std::string, std::string> messages;  // what each kind of id got
      for (const auto& [kind, ids] : {std::pair{"A's id", a_ids(0)}, std::pair{"A's other id", a_ids(1)},
                                      std::pair{"unknown UUID", unknown_ids()}, std::pair{"not a UUID", malformed_ids()}}) {
        const auto target = fill(route.pattern, b.id, ids);
        SCOPED_TRACE(route.method + " " + target + " " + route.body + " with B's token, " + kind +
                     (extra.empty() ? "" : ", If-Match: " + extra[0].second));
        const auto r = c.request(route.method, target, route.body, extra);
        expect_error(r, route.method == "HEAD", 404, "not_found");
        expect_no_leak(r, target, w().a_secrets);
        if (route.method != "HEAD" && r.status == 404) messages[kind] = str(r.json().at("error").at("message"));
      }
      if (route.method != "HEAD") {
        SCOPED_TRACE(route.name());
        std::set<std::string> distinct;
        for (const auto& [kind, m] : messages) distinct.insert(m);
        EXPECT_EQ(distinct.size(), 1u) << "404 messages differ by kind of id";
      }
    }
  }
  expect_a_untouched();
}

// The WebSocket upgrade: every bad token, in the query or as the subprotocol
// pair, is an HTTP 401 before the upgrade with the error body and
// WWW-Authenticate: Bearer; so are no token, A's valid token in an
// Authorization header (/ws takes it elsewhere), an empty token, and an
// invalid query token beside a valid subprotocol token (the query wins).
TEST_F(Authorization, WebSocketUpgradeRefusesEveryBadToken) {
  const auto& a = w().a;
  struct Attempt {
    std::string kind, target;
    HeaderList headers;
    std::string message;
  };
  std::vector<Attempt> attempts = {
      {"no token", "/ws", {}, ""},
      {"A's valid token only in an Authorization header", "/ws", {{"Authorization", "Bearer " + a.token}}, ""},
      {"empty ?token=", "/ws?token=", {}, ""},
      {"?token=Bearer+<valid>", "/ws?token=Bearer%20" + a.token, {}, ""},
      {"subprotocol 'bearer' without a token", "/ws", {{"Sec-WebSocket-Protocol", "bearer"}}, ""},
      {"subprotocol with garbage", "/ws", {{"Sec-WebSocket-Protocol", "bearer, garbage"}}, ""},
      {"valid token as a lone subprotocol", "/ws", {{"Sec-WebSocket-Protocol", a.token}}, ""},
      {"expired query token beside a valid subprotocol token",
       "/ws?token=" + make_jwt(kHs256Header, claims_for(a, now() - 48h, now() - 24h)),
       {{"Sec-WebSocket-Protocol", "bearer, " + a.token}}, "token has expired"},
  };
  for (const auto& bad : bad_tokens(a, w().b)) {
    attempts.push_back({"?token=<" + bad.kind + ">", "/ws?token=" + bad.jwt, {}, bad.message});
    attempts.push_back({"subprotocol <" + bad.kind + ">", "/ws", {{"Sec-WebSocket-Protocol", "bearer, " + bad.jwt}},
                        bad.message});
  }
  for (const auto& at : attempts) {
    SCOPED_TRACE("/ws with " + at.kind);
    const auto r = ws_upgrade(port(), at.target, at.headers);
    expect_error(r, false, 401, "unauthenticated", at.message);
    expect_no_leak(r, at.target, w().a_secrets);
  }
}

// A valid token opens the token user's own feed: B's token (even with
// ?user_id=A) and a token of a user that does not exist get a hello naming
// their own subject, never A.
TEST_F(Authorization, WebSocketFeedIsAlwaysTheTokensOwnUser) {
  auth::JwtCodec jwt(kTestJwtSecret);
  const auto ghost_id = core::new_uuid();
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"B's token", "/ws?token=" + w().b.token, w().b.id},
      {"B's token with ?user_id=A", "/ws?token=" + w().b.token + "&user_id=" + w().a.id, w().b.id},
      {"a token of a user that does not exist", "/ws?token=" + jwt.issue(ghost_id, "ghost@example.com", now()), ghost_id},
  };
  for (const auto& [kind, target, expected_user] : cases) {
    SCOPED_TRACE(kind);
    WsClient ws(port(), target);
    const auto hello = ws.next_frame();
    ASSERT_TRUE(hello);
    EXPECT_EQ(json::parse(*hello), (json::value{{"type", "hello"}, {"user_id", expected_user}}));
  }
}

// ===========================================================================
// Isolation: nothing of A through any list, filter or cursor of B.

// Every task list and filter of B answers B's tasks only — including filters
// that match A's tasks exactly (A's words, A's tag, a tag both use).
TEST_F(Authorization, TaskListsAndFiltersShowOnlyOwnTasks) {
  const auto& b = w().b;
  auto c = client_for(b);
  const auto mine = as_set(w().b_tasks);
  const std::vector<std::pair<std::string, std::set<std::string>>> queries = {
      {"", mine},
      {"?status=all&limit=200", mine},
      {"?status=pending", {w().b_tasks[0], w().b_tasks[1], w().b_tasks[2]}},
      {"?status=completed", {w().b_tasks[3]}},
      {"?q=adasecret", {}},
      {"?q=alpha", {}},
      {"?q=a", mine},  // "bob" titles have no "a", but the random suffix may: at most B's
      {"?tag=" + w().a_tag, {}},
      {"?tag=shared", {w().b_tasks[0]}},
      {"?tag=shared&tag=" + w().a_tag, {}},
      {"?priority=high", {w().b_tasks[0]}},
      {"?priority=low,medium,high", mine},
      {"?overdue=true", {}},
      {"?overdue=false", mine},
      {"?due_before=2999-01-01T00:00:00Z", {}},
      {"?due_after=1970-01-01T00:00:00Z", {}},
      {"?sort=title&order=asc", mine},
      {"?sort=priority&order=desc", mine},
      {"?sort=due_date&order=asc", mine},
      {"?sort=updated_at&order=asc", mine},
      {"?project=" + w().a_projects[0], {}},  // A's project, with A's task in it
      {"?project=" + w().a_projects[1], {}},
      {"?project=" + w().b_projects[0], {}},
      {"?project=inbox", mine},
      {"?status=deleted", {}},
  };
  for (const auto& [query, expected] : queries) {
    SCOPED_TRACE("B lists " + query);
    const auto target = tasks_url(b) + query;
    const auto r = c.get(target);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto page = r.json().as_object();
    const auto got = as_set(ids_of(page));
    if (query == "?q=a") EXPECT_TRUE(std::includes(mine.begin(), mine.end(), got.begin(), got.end()));
    else EXPECT_EQ(got, expected);
    for (const auto& t : page.at("items").as_array()) EXPECT_EQ(t.at("user_id").as_string(), b.id);
    expect_no_leak(r, target, w().a_secrets);
  }
  // A's task ids fetched one by one on B's path were covered by the 404 test;
  // A's own list still holds exactly A's tasks.
  auto ca = client_for(w().a);
  EXPECT_EQ(as_set(ids_of(get_object(ca, tasks_url(w().a) + "?limit=200"))), as_set(w().a_tasks));
}

// Stats and tags count B's tasks only; A's tag never appears; a tag both use
// counts B's task once.
TEST_F(Authorization, StatsAndTagsCountOnlyOwnTasks) {
  auto c = client_for(w().b);
  const auto stats = c.get("/api/" + w().b.id + "/stats");
  ASSERT_EQ(stats.status, 200);
  EXPECT_EQ(stats.json(), (json::value{{"total", 4}, {"pending", 3}, {"completed", 1}, {"overdue", 0}}));
  const auto tags = c.get("/api/" + w().b.id + "/tags");
  ASSERT_EQ(tags.status, 200);
  EXPECT_EQ(tags.json(), (json::value{{"items", json::array{json::object{{"tag", w().b_tag}, {"count", 1}},
                                                            json::object{{"tag", "shared"}, {"count", 1}}}}}));
  expect_no_leak(tags, "", w().a_secrets);
  // A's side, for contrast: its own counts (one overdue, "shared" on two tasks).
  EXPECT_EQ(w().a_stats, (json::object{{"total", 4}, {"pending", 3}, {"completed", 1}, {"overdue", 1}}));
}

// B's notifications are B's only, in every filter; unread_count counts B's
// only; read-all marks B's only.
TEST_F(Authorization, NotificationsAreOwnOnlyAndReadAllTouchesOnlyOwn) {
  const auto& b = w().b;
  auto c = client_for(b);
  for (const std::string query : {"", "?unread=true", "?unread=false&limit=200", "?limit=1"}) {
    SCOPED_TRACE("B lists notifications" + query);
    const auto target = "/api/" + b.id + "/notifications" + query;
    const auto r = c.get(target);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto page = r.json().as_object();
    const auto got = as_set(ids_of(page));
    const auto mine = as_set(w().b_notifications);
    EXPECT_TRUE(std::includes(mine.begin(), mine.end(), got.begin(), got.end()));
    if (query != "?limit=1") {
      EXPECT_EQ(got.size(), mine.size());
    }
    for (const auto& n : page.at("items").as_array()) {
      EXPECT_EQ(n.at("user_id").as_string(), b.id);
      EXPECT_TRUE(std::count(w().b_tasks.begin(), w().b_tasks.end(), str(n.at("task_id"))));
    }
    int64_t unread = 0;
    for (const auto all_of_b = get_object(c, "/api/" + b.id + "/notifications?limit=200");
         const auto& n : all_of_b.at("items").as_array())
      unread += n.at("read").as_bool() ? 0 : 1;
    EXPECT_EQ(page.at("unread_count").as_int64(), unread);
    expect_no_leak(r, target, w().a_secrets);
  }
  const auto unread_before = get_object(c, "/api/" + b.id + "/notifications").at("unread_count").as_int64();
  const auto all = c.request("POST", "/api/" + b.id + "/notifications/read-all");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json().at("count").as_int64(), unread_before);
  EXPECT_EQ(get_object(c, "/api/" + b.id + "/notifications").at("unread_count").as_int64(), 0);
  expect_a_untouched();  // A's notifications are all still unread
}

// B's audit log holds B's entries only, whatever the filter — A's task id as
// task_id filter is an empty list, not a 404 nor A's entries.
TEST_F(Authorization, AuditShowsOnlyOwnEntries) {
  const auto& b = w().b;
  auto c = client_for(b);
  const std::vector<std::pair<std::string, size_t>> queries = {
      {"?limit=200", w().b_audit},
      {"?task_id=" + w().a_tasks[0], 0},
      {"?task_id=" + w().a_tasks[3] + "&event_type=task.completed", 0},
      {"?task_id=" + w().b_tasks[3] + "&event_type=task.completed", 1},
      {"?event_type=task.created", 4},
      {"?event_type=task.completed", 1},
      {"?event_type=task.updated", 2},
      {"?event_type=project.created", 1},
      {"?event_type=project.deleted", 0},
  };
  for (const auto& [query, expected] : queries) {
    SCOPED_TRACE("B lists audit" + query);
    const auto target = "/api/" + b.id + "/audit" + query;
    const auto r = c.get(target);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto page = r.json().as_object();
    EXPECT_EQ(page.at("items").as_array().size(), expected);
    for (const auto& e : page.at("items").as_array()) {
      EXPECT_EQ(e.at("user_id").as_string(), b.id);
      EXPECT_EQ(e.at("data").at("user_id").as_string(), b.id);
      if (e.at("task_id").is_null()) {  // a project event
        EXPECT_EQ(str(e.at("data").at("project_id")), w().b_projects[0]);
      } else {
        EXPECT_TRUE(std::count(w().b_tasks.begin(), w().b_tasks.end(), str(e.at("task_id"))));
      }
    }
    expect_no_leak(r, target, w().a_secrets);
  }
}

// A cursor taken from A's list, replayed by B on B's list (same sort and
// order), pages B's data only: for created_at exactly B's tasks after that
// position; for every other list a subset of B's. A crafted cursor set
// before everything returns all of B's data and nothing else.
TEST_F(Authorization, CursorsFromAnotherUsersListPageOnlyOwnData) {
  const auto& a = w().a;
  const auto& b = w().b;
  auto ca = client_for(a);
  auto cb = client_for(b);
  const auto b_all = get_object(cb, tasks_url(b) + "?limit=200");  // created_at desc
  const auto mine = as_set(w().b_tasks);

  // Every cursor of A's task list under each sort, replayed by B.
  for (const std::string sort : {"sort=created_at&order=desc", "sort=created_at&order=asc", "sort=title&order=asc",
                                 "sort=priority&order=desc", "sort=due_date&order=asc", "sort=updated_at&order=desc"}) {
    std::optional<std::string> cursor;
    std::vector<json::object> a_seen;
    for (int page = 0; page < 10; ++page) {
      const auto a_page = get_object(ca, tasks_url(a) + "?limit=1&" + sort + (cursor ? "&cursor=" + *cursor : ""));
      if (a_page.empty() || a_page.at("next_cursor").is_null()) break;
      a_seen.push_back(a_page.at("items").as_array().at(0).as_object());
      cursor = str(a_page.at("next_cursor"));
      const auto target = tasks_url(b) + "?limit=200&" + sort + "&cursor=" + *cursor;
      SCOPED_TRACE("B replays A's cursor #" + std::to_string(page + 1) + " of " + sort);
      const auto r = cb.get(target);
      ASSERT_EQ(r.status, 200) << r.body;
      const auto got = ids_of(r.json().as_object());
      const auto got_set = as_set(got);
      EXPECT_TRUE(std::includes(mine.begin(), mine.end(), got_set.begin(), got_set.end()));
      for (const auto body = r.json(); const auto& t : body.at("items").as_array())
        EXPECT_EQ(t.at("user_id").as_string(), b.id);
      expect_no_leak(r, target, w().a_secrets);
      if (sort == "sort=created_at&order=desc") {
        // Exactly B's tasks strictly after A's task in (created_at, id) descending order.
        const auto& last = a_seen.back();
        const auto key = std::pair{str(last.at("created_at")), str(last.at("id"))};
        std::vector<std::string> expected;
        for (const auto& t : b_all.at("items").as_array())
          if (std::pair{str(t.at("created_at")), str(t.at("id"))} < key) expected.push_back(str(t.at("id")));
        EXPECT_EQ(got, expected);
      }
      // The same cursor with a filter that matches only A's tasks: nothing.
      const auto filtered = cb.get(tasks_url(b) + "?q=adasecret&" + sort + "&cursor=" + *cursor);
      ASSERT_EQ(filtered.status, 200) << filtered.body;
      EXPECT_TRUE(filtered.json().at("items").as_array().empty());
    }
    EXPECT_EQ(a_seen.size(), w().a_tasks.size() - 1) << sort << ": A's list should have given a cursor per page";
  }

  // Crafted from A's cursor: a position before every task: all of B's, only B's.
  {
    const auto a_page = get_object(ca, tasks_url(a) + "?limit=1");
    ASSERT_FALSE(a_page.at("next_cursor").is_null());
    const auto crafted = recraft_cursor(str(a_page.at("next_cursor")), json::value("9999-12-31T23:59:59.999Z"),
                                        "ffffffff-ffff-ffff-ffff-ffffffffffff");
    const auto r = cb.get(tasks_url(b) + "?limit=200&cursor=" + crafted);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ids_of(r.json().as_object()), ids_of(b_all));
  }

  // Notifications and audit: every cursor of A's list replayed by B, then a
  // crafted "below the largest sequence" cursor.
  for (const auto& [list, b_ids] :
       {std::pair{std::string("notifications"), w().b_notifications},
        std::pair{std::string("audit"), ids_of(get_object(cb, "/api/" + b.id + "/audit?limit=200"))}}) {
    const auto b_set = as_set(b_ids);
    std::optional<std::string> cursor;
    int cursors = 0;
    for (int page = 0; page < 10; ++page) {
      const auto a_page =
          get_object(ca, "/api/" + a.id + "/" + list + "?limit=1" + (cursor ? "&cursor=" + *cursor : ""));
      if (a_page.empty() || a_page.at("next_cursor").is_null()) break;
      cursor = str(a_page.at("next_cursor"));
      ++cursors;
      const auto target = "/api/" + b.id + "/" + list + "?limit=200&cursor=" + *cursor;
      SCOPED_TRACE("B replays A's " + list + " cursor #" + std::to_string(cursors));
      const auto r = cb.get(target);
      ASSERT_EQ(r.status, 200) << r.body;
      const auto got = as_set(ids_of(r.json().as_object()));
      EXPECT_TRUE(std::includes(b_set.begin(), b_set.end(), got.begin(), got.end()));
      for (const auto body = r.json(); const auto& it : body.at("items").as_array())
        EXPECT_EQ(it.at("user_id").as_string(), b.id);
      expect_no_leak(r, target, w().a_secrets);
    }
    EXPECT_GE(cursors, 1) << list << ": A's list should have given cursors";
    ASSERT_TRUE(cursor);
    SCOPED_TRACE("B with a crafted " + list + " cursor below every sequence number");
    const auto crafted = recraft_cursor(*cursor, json::value(std::numeric_limits<int64_t>::max()), "");
    const auto r = cb.get("/api/" + b.id + "/" + list + "?limit=200&cursor=" + crafted);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(as_set(ids_of(r.json().as_object())), b_set);
    expect_no_leak(r, "", w().a_secrets);
  }
}

// A valid token of a user that does not exist, on its own path: every list
// is empty, stats are zero, and A's ids are 404 — nothing of anyone.
TEST_F(Authorization, TokenOfUnknownUserSeesNothingOfAnyone) {
  auth::JwtCodec jwt(kTestJwtSecret);
  const auto ghost = core::new_uuid();
  HttpClient c(port());
  c.set_token(jwt.issue(ghost, "ghost@example.com", now()));
  const auto base = "/api/" + ghost;
  EXPECT_EQ(get_object(c, base + "/tasks"), (json::object{{"items", json::array{}}, {"next_cursor", nullptr}}));
  EXPECT_EQ(get_object(c, base + "/stats"),
            (json::object{{"total", 0}, {"pending", 0}, {"completed", 0}, {"overdue", 0}}));
  EXPECT_EQ(get_object(c, base + "/tags"), (json::object{{"items", json::array{}}}));
  EXPECT_EQ(get_object(c, base + "/notifications"),
            (json::object{{"items", json::array{}}, {"unread_count", 0}, {"next_cursor", nullptr}}));
  EXPECT_EQ(get_object(c, base + "/audit"), (json::object{{"items", json::array{}}, {"next_cursor", nullptr}}));
  EXPECT_EQ(get_object(c, base + "/projects"), (json::object{{"items", json::array{}}}));
  EXPECT_EQ(get_object(c, base + "/tasks?status=deleted"), (json::object{{"items", json::array{}}, {"next_cursor", nullptr}}));
  EXPECT_EQ(get_object(c, base + "/tasks?project=" + w().a_projects[0]),
            (json::object{{"items", json::array{}}, {"next_cursor", nullptr}}));
  for (const auto& route : kUserRoutes) {
    if (!has_resource_id(route)) continue;
    const auto target = fill(route.pattern, ghost, a_ids(1));
    SCOPED_TRACE(route.method + " " + target + " with the unknown user's token");
    const auto r = c.request(route.method, target, route.body);
    expect_error(r, route.method == "HEAD", 404, "not_found");
    expect_no_leak(r, target, w().a_secrets);
  }
  const auto read_all = c.request("POST", base + "/notifications/read-all");
  ASSERT_EQ(read_all.status, 200);
  EXPECT_EQ(read_all.json(), (json::value{{"count", 0}}));
  expect_a_untouched();
}

// B's projects are B's only; A's project ids are unknown to everything of
// B's: filing a task there (422), quick add's #project (stays in the title).
TEST_F(Authorization, ProjectsAreOwnOnlyAndAnotherUsersProjectCannotBeUsed) {
  const auto& b = w().b;
  auto c = client_for(b);
  const auto list = c.get("/api/" + b.id + "/projects");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(ids_of(list.json().as_object()), w().b_projects);
  expect_no_leak(list, "", w().a_secrets);
  for (const auto& project : w().a_projects) {
    SCOPED_TRACE("B files a task in A's project " + project);
    const auto created = c.post(tasks_url(b), json::object{{"title", "bob's"}, {"project_id", project}});
    expect_no_leak(created, "", w().a_secrets);
    EXPECT_EQ(created.status, 422);
    EXPECT_EQ(error_code(created), "validation_failed");
    const auto moved = c.patch(tasks_url(b) + "/" + w().b_tasks[0], json::object{{"project_id", project}});
    EXPECT_EQ(moved.status, 422);
  }
  // A's project name in another user's quick add is just words (a fresh
  // account for the create, so that B's planted data stays as recorded).
  const auto a_name = str(w().a_project_list.at(0).at("name"));
  const auto text = "Check #" + a_name;
  const auto fresh = sign_up("Quick Neighbour");
  auto cf = client_for(fresh);
  for (const auto& [who, route, status] : {std::tuple{&b, "/tasks/quick/preview", 200},
                                           std::tuple{&fresh, "/tasks/quick/preview", 200},
                                           std::tuple{&fresh, "/tasks/quick", 201}}) {
    SCOPED_TRACE(route);
    auto& client = who == &b ? c : cf;
    const auto r = client.post("/api/" + who->id + route, json::object{{"text", text}});
    ASSERT_EQ(r.status, status) << r.body;
    const auto parsed = r.json().at("parsed").as_object();
    EXPECT_FALSE(parsed.contains("project_id"));
    EXPECT_EQ(str(parsed.at("title")), text);
    for (const auto& id : w().a_projects) EXPECT_EQ(r.body.find(id), std::string::npos);
  }
  expect_a_untouched();
}

// The trash is per user: B's trash list never holds A's trashed tasks, and
// B cannot restore them (404, as for an unknown id).
TEST_F(Authorization, TrashIsOwnOnly) {
  const auto a = sign_up("Trash Owner");
  const auto b = sign_up("Trash Neighbour");
  auto ca = client_for(a);
  auto cb = client_for(b);
  const auto secret = "adasecret trashed " + core::new_uuid();
  const auto t = create_task(ca, a, json::object{{"title", secret}});
  const auto id = str(t.at("id"));
  ASSERT_EQ(ca.del(tasks_url(a) + "/" + id).status, 204);
  const auto theirs = cb.get(tasks_url(b) + "?status=deleted");
  ASSERT_EQ(theirs.status, 200);
  EXPECT_TRUE(theirs.json().at("items").as_array().empty());
  EXPECT_EQ(theirs.body.find(secret), std::string::npos);
  const auto restore = cb.request("POST", tasks_url(b) + "/" + id + "/restore");
  expect_error(restore, false, 404, "not_found");
  expect_no_leak(restore, tasks_url(b) + "/" + id + "/restore", {secret});
  EXPECT_EQ(cb.request("POST", tasks_url(a) + "/" + id + "/restore").status, 403);
  EXPECT_EQ(ids_of(get_object(ca, tasks_url(a) + "?status=deleted")), std::vector<std::string>{id});
}

// Idempotency keys are per user: B reusing A's key with A's exact body
// creates B's own task, never a replay of A's answer.
TEST_F(Authorization, IdempotencyKeysArePerUser) {
  const auto a = sign_up("Key Owner");
  const auto b = sign_up("Key Reuser");
  auto ca = client_for(a);
  auto cb = client_for(b);
  const HeaderList key{{"Idempotency-Key", "shared-key-" + core::new_uuid()}};
  const json::object body{{"title", "adasecret idempotent"}};
  const auto first = ca.post(tasks_url(a), body, key);
  ASSERT_EQ(first.status, 201) << first.body;
  const auto theirs = cb.post(tasks_url(b), body, key);
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  EXPECT_EQ(theirs.header("Idempotent-Replayed"), "");
  EXPECT_EQ(theirs.json().at("user_id").as_string(), b.id);
  EXPECT_NE(theirs.json().at("id"), first.json().at("id"));
  EXPECT_EQ(theirs.header("Location").find(a.id), std::string::npos);
  EXPECT_EQ(theirs.body.find(str(first.json().at("id"))), std::string::npos);
  // And each replay stays with its own user.
  const auto replay = cb.post(tasks_url(b), body, key);
  EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(replay.json().at("id"), theirs.json().at("id"));
}

// B (and a second B connection asking for ?user_id=A, and a connection of a
// user that does not exist) is connected while A creates, updates (and gets a
// reminder), completes and deletes: A's own feed gets every frame; the
// others receive nothing of A. A frame of B's own sent afterwards arrives,
// so the listeners were alive; then a bounded wait sees nothing else.
TEST_F(Authorization, WebSocketListenersReceiveNothingOfAnotherUser) {
  const auto actor = sign_up("Ada Actor");
  const auto listener = sign_up("Bob Listener");
  auth::JwtCodec jwt(kTestJwtSecret);
  const auto ghost_id = core::new_uuid();

  WsClient actor_ws(port(), "/ws?token=" + actor.token);
  struct Listener {
    std::string kind, user_id;
    std::unique_ptr<WsClient> ws;
  };
  std::vector<Listener> listeners;
  listeners.push_back({"B by query", listener.id, std::make_unique<WsClient>(port(), "/ws?token=" + listener.token)});
  listeners.push_back(
      {"B by subprotocol", listener.id, std::make_unique<WsClient>(port(), "/ws", "bearer, " + listener.token)});
  listeners.push_back({"B asking for ?user_id=A", listener.id,
                       std::make_unique<WsClient>(port(), "/ws?token=" + listener.token + "&user_id=" + actor.id)});
  listeners.push_back({"a user that does not exist", ghost_id,
                       std::make_unique<WsClient>(port(), "/ws?token=" + jwt.issue(ghost_id, "g@example.com", now()))});
  ASSERT_TRUE(actor_ws.next_frame());
  for (auto& l : listeners) ASSERT_TRUE(l.ws->next_frame()) << l.kind << ": no hello";

  // A's life cycle of a task, with a reminder that fires at once.
  auto ca = client_for(actor);
  const auto secret_title = "adasecret live " + core::new_uuid();
  const auto t = create_task(ca, actor,
                             json::object{{"title", secret_title}, {"reminder_at", core::format_rfc3339(now() - 1s)}});
  const auto url = tasks_url(actor) + "/" + str(t.at("id"));
  std::multiset<std::string> seen;
  bool reminder_sent = false;
  auto see_until = [&](const std::function<bool()>& done) {
    return wait_until(
        [&] {
          while (const auto f = actor_ws.next_frame(10ms)) {
            const auto o = json::parse(*f).as_object();
            seen.insert(str(o.at("type")));
            if (o.at("type") == "task.updated" && o.at("task").at("reminder_sent").as_bool()) reminder_sent = true;
          }
          return done();
        },
        15s);
  };
  // The reminder fired completely (notification and reminder_sent) before A moves on.
  ASSERT_TRUE(see_until([&] { return seen.count("notification.created") > 0 && reminder_sent; }))
      << "A's reminder did not arrive on A's own feed";
  ASSERT_EQ(ca.patch(url, json::object{{"title", secret_title + " renamed"}}).status, 200);
  ASSERT_EQ(ca.patch(url + "/complete", json::object{{"completed", true}}).status, 200);
  ASSERT_EQ(ca.del(url).status, 204);
  ASSERT_TRUE(see_until([&] { return seen.count("task.deleted") > 0; })) << "A's deletion did not arrive on A's own feed";
  // Projects and the trash: restore, file the task in a new project, recolour
  // the project, delete it with its tasks.
  const auto secret_project = "adasecret project " + core::new_uuid();
  const auto project = ca.post("/api/" + actor.id + "/projects", json::object{{"name", secret_project}});
  ASSERT_EQ(project.status, 201) << project.body;
  const auto project_url = "/api/" + actor.id + "/projects/" + str(project.json().at("id"));
  ASSERT_EQ(ca.request("POST", url + "/restore").status, 200);
  ASSERT_EQ(ca.patch(url, json::object{{"project_id", project.json().at("id")}}).status, 200);
  ASSERT_EQ(ca.patch(project_url, json::object{{"color", "red"}}).status, 200);
  ASSERT_EQ(ca.del(project_url + "?delete_tasks=true").status, 204);
  ASSERT_TRUE(see_until([&] { return seen.count("project.deleted") > 0; }))
      << "A's project deletion did not arrive on A's own feed";
  EXPECT_EQ(seen.count("task.created"), 1u);
  EXPECT_EQ(seen.count("task.completed"), 1u);
  EXPECT_EQ(seen.count("task.updated"), 3u);  // reminder_sent, the rename, the project
  EXPECT_EQ(seen.count("task.deleted"), 2u);  // by DELETE, by the project's deletion
  EXPECT_EQ(seen.count("task.restored"), 1u);
  EXPECT_EQ(seen.count("project.created"), 1u);
  EXPECT_EQ(seen.count("project.updated"), 1u);
  EXPECT_EQ(seen.count("notification.created"), 1u);

  // A frame of B's own, after all of A's: it must be the first thing B sees.
  auto cb = client_for(listener);
  const auto mine = create_task(cb, listener, json::object{{"title", "bob sentinel"}});
  const std::vector<std::string> secrets = {secret_title, str(t.at("id")), actor.id, actor.email, secret_project,
                                            str(project.json().at("id"))};
  for (auto& l : listeners) {
    SCOPED_TRACE(l.kind);
    if (l.user_id == listener.id) {
      const auto f = l.ws->next_frame(10s);
      ASSERT_TRUE(f) << "B's own frame did not arrive";
      const auto o = json::parse(*f).as_object();
      EXPECT_EQ(o.at("type").as_string(), "task.created");
      EXPECT_EQ(o.at("task").at("id"), mine.at("id"));
    }
  }
  // Then nothing else, on any listener: a bounded wait, shared by all.
  const auto deadline = std::chrono::steady_clock::now() + 750ms;
  for (auto& l : listeners) {
    SCOPED_TRACE(l.kind);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const auto extra = l.ws->next_frame(std::max(left, std::chrono::milliseconds(1)));
    EXPECT_FALSE(extra) << "unexpected frame: " << extra.value_or("");
    if (extra) {
      for (const auto& s : secrets) EXPECT_EQ(extra->find(s), std::string::npos) << "leaks " << s;
    }
    EXPECT_EQ(l.ws->frames_received(), l.user_id == listener.id ? 2u : 1u);  // hello (+ B's own)
  }
}

}  // namespace todo::test
