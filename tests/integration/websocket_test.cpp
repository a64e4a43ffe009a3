// websocket-service over real WebSocket connections (DESIGN §3.6): auth
// before the upgrade, hello, per-user frames to every connection of the
// user and nobody else, slow clients closed with 1013, dead clients closed
// after the ping timeout, 1001 on shutdown.
#include <boost/json.hpp>
#include <regex>
#include <thread>

#include "api_fixture.h"
#include "auth/jwt.h"
#include "core/uuid.h"

namespace todo::test {
namespace json = boost::json;

class LiveUpdates : public ApiTest {
 public:
  static void SetUpTestSuite() {
    platform_env()["WS_PING_INTERVAL_MS"] = "60000";  // slow readers must not look dead here
    platform_env()["WS_SEND_QUEUE_LIMIT"] = "8";
    platform_env()["WS_SOCKET_SEND_BUFFER"] = "8192";
    ApiTest::SetUpTestSuite();
  }

 protected:
  void SetUp() override {
    a = sign_up("Ada");
    c = std::make_unique<HttpClient>(client_for(a));
  }
  std::unique_ptr<WsClient> connect(const Account& who, int receive_buffer = 0) {
    auto ws = std::make_unique<WsClient>(port(), "/ws?token=" + who.token, "", receive_buffer);
    return ws;
  }
  // Next frame that is not the hello, parsed.
  static json::object next(WsClient& ws, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    for (;;) {
      const auto f = ws.next_frame(timeout);
      if (!f) return {};
      auto o = json::parse(*f).as_object();
      if (o.at("type") != "hello") return o;
    }
  }
  double metric(const std::string& name) {
    HttpClient m(port());
    const auto body = m.get("/metrics").body;
    const std::regex re("\n" + name + " ([0-9.eE+-]+)");
    std::smatch match;
    return std::regex_search(body, match, re) ? std::stod(match[1]) : -1;
  }

  Account a;
  std::unique_ptr<HttpClient> c;
};

TEST_F(LiveUpdates, TokenIsCheckedBeforeTheUpgrade) {
  EXPECT_EQ(websocket_upgrade_status(port(), "/ws"), 401);
  EXPECT_EQ(websocket_upgrade_status(port(), "/ws?token=garbage"), 401);
  auth::JwtCodec other("not-the-secret-0123456789abcdef0123456789");
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  EXPECT_EQ(websocket_upgrade_status(port(), "/ws?token=" + other.issue(a.id, a.email, now)), 401);
  auth::JwtCodec ours(kTestJwtSecret);
  EXPECT_EQ(websocket_upgrade_status(port(), "/ws?token=" + ours.issue(a.id, a.email, now - std::chrono::hours(24 * 8))),
            401);
  EXPECT_EQ(websocket_upgrade_status(port(), "/ws", "bearer, garbage"), 401);
  EXPECT_EQ(websocket_upgrade_status(port(), "/ws?token=" + a.token), 101);
  // A plain GET of /ws (no upgrade) is refused in the error contract.
  const auto plain = c->get("/ws");
  EXPECT_EQ(plain.status, 400);
  EXPECT_EQ(error_code(plain), "bad_request");
}

TEST_F(LiveUpdates, ConnectionClosesWhenItsTokenExpires) {
  auth::JwtCodec jwt(kTestJwtSecret);
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  auto claims = jwt.claims_for(a.id, a.email, now);
  claims.exp = std::chrono::ceil<std::chrono::seconds>(now + std::chrono::seconds(2));
  WsClient ws(port(), "/ws?token=" + jwt.sign(claims));
  ASSERT_TRUE(ws.next_frame());  // hello: accepted while valid
  const auto code = ws.wait_closed(std::chrono::seconds(10));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 1008);
  const auto closed_at = std::chrono::system_clock::now();
  EXPECT_GE(closed_at, claims.exp);  // not before the token ran out
}

TEST_F(LiveUpdates, HelloThenTheUsersEventsByQueryTokenOrSubprotocol) {
  auto by_query = connect(a);
  WsClient by_protocol(port(), "/ws", "bearer, " + a.token);
  EXPECT_EQ(by_protocol.accepted_protocol(), "bearer");
  for (auto* ws : {by_query.get(), &by_protocol}) {
    const auto hello = ws->next_frame();
    ASSERT_TRUE(hello);
    EXPECT_EQ(json::parse(*hello), (json::value{{"type", "hello"}, {"user_id", a.id}}));
  }
  const auto t = create_task(*c, a, json::object{{"title", "live"}});
  for (auto* ws : {by_query.get(), &by_protocol}) {
    const auto f = next(*ws);
    ASSERT_FALSE(f.empty());
    EXPECT_EQ(f.at("type").as_string(), "task.created");
    EXPECT_EQ(f.at("task"), t);
    EXPECT_TRUE(core::is_uuid(f.at("event_id").as_string()));
    EXPECT_TRUE(core::parse_rfc3339(f.at("occurred_at").as_string()));
  }
  const std::string url = tasks_url(a) + "/" + std::string(t.at("id").as_string());
  c->patch(url, json::object{{"title", "live 2"}});
  c->request("PATCH", url + "/complete");
  c->request("PATCH", url + "/complete");
  c->del(url);
  std::vector<std::string> types;
  for (int i = 0; i < 4; ++i) types.emplace_back(next(*by_query).at("type").as_string());
  EXPECT_EQ(types, (std::vector<std::string>{"task.updated", "task.completed", "task.reopened", "task.deleted"}));
}

TEST_F(LiveUpdates, OnlyTheTokensUserReceivesAndEveryConnectionOfItDoes) {
  const auto b = sign_up("Bob");
  std::vector<std::unique_ptr<WsClient>> ada;
  for (int i = 0; i < 3; ++i) ada.push_back(connect(a));
  auto bob = connect(b);
  for (auto& ws : ada) ASSERT_TRUE(ws->next_frame());  // hello
  ASSERT_TRUE(bob->next_frame());
  const auto t = create_task(*c, a, json::object{{"title", "secret plan"}});
  for (auto& ws : ada) EXPECT_EQ(next(*ws).at("task").at("id"), t.at("id"));
  // Bob's own event reaches him; Ada's never did (it would have come first).
  auto bc = client_for(b);
  const auto tb = create_task(bc, b, json::object{{"title", "bob's"}});
  const auto f = next(*bob);
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f.at("task").at("id"), tb.at("id"));
  EXPECT_EQ(bob->frames_received(), 2u);
  // A token of Ada cannot listen to Bob by any parameter.
  WsClient sneaky(port(), "/ws?token=" + a.token + "&user_id=" + b.id);
  ASSERT_TRUE(sneaky.next_frame());
  create_task(bc, b, json::object{{"title", "bob again"}});
  EXPECT_EQ(next(*bob).at("task").at("title").as_string(), "bob again");
  create_task(*c, a, json::object{{"title", "ada again"}});
  EXPECT_EQ(next(sneaky).at("task").at("title").as_string(), "ada again");
}

TEST_F(LiveUpdates, ReminderArrivesAsNotificationFrame) {
  auto ws = connect(a);
  ASSERT_TRUE(ws->next_frame());
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  create_task(*c, a, json::object{{"title", "ping me"}, {"reminder_at", core::format_rfc3339(now + std::chrono::milliseconds(300))}});
  bool got = false;
  for (int i = 0; i < 5 && !got; ++i) {
    const auto f = next(*ws);
    if (f.empty()) break;
    if (f.at("type") == "notification.created") {
      got = true;
      EXPECT_EQ(f.at("notification").at("type").as_string(), "reminder");
      EXPECT_NE(std::string(f.at("notification").at("message").as_string()).find("ping me"), std::string::npos);
      EXPECT_EQ(f.at("notification").at("read").as_bool(), false);
    }
  }
  EXPECT_TRUE(got);
}

TEST_F(LiveUpdates, SlowClientIsClosedWith1013) {
  // A tiny receive window and no reading: the server's writes stall and its
  // bounded queue overflows.
  auto slow = connect(a, 4096);
  auto fast = connect(a);
  ASSERT_TRUE(fast->next_frame());
  const std::string big(3900, 'x');
  // In lock step with the fast client, so that it never has more than one
  // frame outstanding however loaded the machine is: it gets every frame,
  // while the slow one falls behind by all of them.
  int received = 0;
  for (int i = 0; i < 100; ++i) {
    create_task(*c, a, json::object{{"title", "bulk"}, {"description", big}});
    const auto f = next(*fast);
    if (f.empty()) break;
    ++received;
  }
  EXPECT_EQ(received, 100);
  // Now the slow one reads: it gets what was in flight, then the 1013 close.
  const auto code = slow->wait_closed(std::chrono::seconds(15));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 1013);
  EXPECT_LT(slow->frames_received(), 101u);
}

class LiveUpdatesPing : public LiveUpdates {
 public:
  static void SetUpTestSuite() {
    platform_env()["WS_PING_INTERVAL_MS"] = "300";  // a dead client is dropped after 600 ms
    ApiTest::SetUpTestSuite();
  }
};

TEST_F(LiveUpdatesPing, DeadClientIsClosedAfterThePingTimeoutLiveOneStays) {
  const double before = metric("ws_hub_connections");
  auto dead = connect(a);  // never reads: never answers pings
  auto live = connect(a);
  live->start_reading();  // answers pings
  ASSERT_TRUE(wait_until([&] { return metric("ws_hub_connections") == before + 2; }));
  // The dead one goes after two ping intervals without a pong.
  ASSERT_TRUE(wait_until([&] { return metric("ws_hub_connections") == before + 1; }, std::chrono::seconds(10)));
  EXPECT_TRUE(dead->wait_closed(std::chrono::seconds(5)).has_value());
  // The live one outlived it and still gets events.
  EXPECT_FALSE(live->wait_closed(std::chrono::milliseconds(0)).has_value());
  create_task(*c, a, json::object{{"title", "still here"}});
  bool got = false;
  for (int i = 0; i < 3 && !got; ++i) {
    const auto f = next(*live);
    got = !f.empty() && f.at("task").at("title") == "still here";
  }
  EXPECT_TRUE(got);
}

TEST(LiveUpdatesShutdown, ServerShutdownClosesWith1001) {
  TestDatabase db;
  PlatformProcess p(db.url());
  p.start();
  HttpClient c(p.port());
  const auto r = c.post("/api/auth/sign-up", json::object{{"email", "bye@example.com"}, {"password", "correct horse"}});
  ASSERT_EQ(r.status, 201);
  WsClient ws(p.port(), "/ws?token=" + std::string(r.json().at("token").as_string()));
  ASSERT_TRUE(ws.next_frame());
  EXPECT_EQ(p.terminate(), 0);
  const auto code = ws.wait_closed();
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 1001);
}

}  // namespace todo::test
