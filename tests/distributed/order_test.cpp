// Per-user order and fan-out on the distributed system: eight users write at
// once and each one's events arrive in order (audit and WebSocket frames);
// two websocket-service replicas, a client on each, both get every frame of
// their user and none of another's.
#include <boost/json.hpp>
#include <map>
#include <thread>

#include "distributed_system.h"
#include "test_env.h"

namespace todo::test {
namespace json = boost::json;

namespace {

// Frames until `count` arrived or the stream went quiet.
std::vector<json::object> frames(WsClient& ws, size_t count) {
  std::vector<json::object> out;
  while (out.size() < count) {
    const auto f = ws.next_frame(std::chrono::seconds(20));
    if (!f) break;
    auto o = json::parse(*f).as_object();
    if (o.at("type") != "hello") out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

TEST(DistributedOrder, EightConcurrentUsersEachSeeTheirOwnEventsInOrder) {
  auto& sys = DistributedSystem::get();
  constexpr int kUsers = 8, kTasks = 15;
  std::vector<User> users;
  for (int i = 0; i < kUsers; ++i) users.push_back(sys.sign_up("User " + std::to_string(i)));
  std::vector<std::unique_ptr<WsClient>> sockets;
  for (const auto& u : users) {
    sockets.push_back(std::make_unique<WsClient>(sys.edge_port(), "/ws?token=" + u.token));
    ASSERT_TRUE(sockets.back()->next_frame());  // hello
  }
  // Each user: create, rename, complete each task, in that order.
  std::vector<std::thread> writers;
  std::vector<int> failures(kUsers, 0);
  for (int i = 0; i < kUsers; ++i) {
    writers.emplace_back([&, i] {
      auto c = sys.client_for(users[static_cast<size_t>(i)]);
      for (int n = 0; n < kTasks; ++n) {
        const auto t = create_acknowledged(c, users[static_cast<size_t>(i)], json::object{{"title", "t" + std::to_string(n)}});
        if (t.empty()) { ++failures[static_cast<size_t>(i)]; continue; }
        const auto url = tasks_url(users[static_cast<size_t>(i)]) + "/" + std::string(t.at("id").as_string());
        if (c.patch(url, json::object{{"title", "t" + std::to_string(n) + "!"}}).status != 200) ++failures[static_cast<size_t>(i)];
        if (c.request("PATCH", url + "/complete").status != 200) ++failures[static_cast<size_t>(i)];
      }
    });
  }
  for (auto& w : writers) w.join();
  for (int i = 0; i < kUsers; ++i) ASSERT_EQ(failures[static_cast<size_t>(i)], 0) << "user " << i;

  for (int i = 0; i < kUsers; ++i) {
    const auto& u = users[static_cast<size_t>(i)];
    // WebSocket: every frame is this user's, and per task the versions rise.
    const auto got = frames(*sockets[static_cast<size_t>(i)], kTasks * 3);
    ASSERT_EQ(got.size(), static_cast<size_t>(kTasks * 3)) << "user " << i;
    std::map<std::string, long long> last_version;
    std::map<std::string, std::vector<std::string>> types;
    for (const auto& f : got) {
      const auto& task = f.at("task").as_object();
      EXPECT_EQ(task.at("user_id").as_string(), u.id);
      const std::string id(task.at("id").as_string());
      EXPECT_GT(task.at("version").as_int64(), last_version[id]) << "out of order for task " << id;
      last_version[id] = task.at("version").as_int64();
      types[id].push_back(std::string(f.at("type").as_string()));
    }
    for (const auto& [id, seq] : types)
      EXPECT_EQ(seq, (std::vector<std::string>{"task.created", "task.updated", "task.completed"})) << id;
    // Audit: newest first is consumption order; reversed it is publish order.
    auto c = sys.client_for(u);
    json::array entries;
    ASSERT_TRUE(wait_until([&] {
      entries = audit_entries(c, u);
      return entries.size() == static_cast<size_t>(kTasks * 3);
    }, std::chrono::seconds(60)));
    std::map<std::string, std::vector<std::string>> audited;
    for (auto it = entries.rbegin(); it != entries.rend(); ++it)
      audited[std::string(it->at("task_id").as_string())].push_back(std::string(it->at("event_type").as_string()));
    EXPECT_EQ(audited, types);
  }
}

TEST(DistributedOrder, EveryWebSocketReplicaDeliversEveryFrameOfItsUsersOnly) {
  auto& sys = DistributedSystem::get();
  ASSERT_GE(std::stoi(sys.value("DIST_WS_REPLICAS")), 2) << "the suite runs two websocket-service replicas";
  const auto a = sys.sign_up("Ada");
  const auto b = sys.sign_up("Bob");
  // A client of Ada on each replica (straight to its port, as a load balancer
  // would place them), and one of Bob.
  WsClient a0(sys.service_port("websocket-service", 0), "/ws?token=" + a.token);
  WsClient a1(sys.service_port("websocket-service", 1), "/ws?token=" + a.token);
  WsClient b0(sys.service_port("websocket-service", 1), "/ws?token=" + b.token);
  for (auto* ws : {&a0, &a1, &b0}) ASSERT_TRUE(ws->next_frame());
  auto ca = sys.client_for(a);
  auto cb = sys.client_for(b);
  std::vector<std::string> ids;
  for (int n = 0; n < 10; ++n) {
    const auto t = create_acknowledged(ca, a, json::object{{"title", "a" + std::to_string(n)}});
    ASSERT_FALSE(t.empty());
    ids.emplace_back(t.at("id").as_string());
  }
  const auto bt = create_acknowledged(cb, b, json::object{{"title", "bob's"}});
  ASSERT_FALSE(bt.empty());
  for (auto* ws : {&a0, &a1}) {
    const auto got = frames(*ws, ids.size());
    ASSERT_EQ(got.size(), ids.size());
    for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(got[i].at("task").at("id").as_string(), ids[i]);
  }
  const auto bob = frames(b0, 1);
  ASSERT_EQ(bob.size(), 1u);
  EXPECT_EQ(bob[0].at("task").at("id"), bt.at("id"));
  // Nothing else arrives for Ada: Bob's event never reached her connections.
  EXPECT_FALSE(a0.next_frame(std::chrono::seconds(2)).has_value());
  EXPECT_FALSE(a1.next_frame(std::chrono::seconds(2)).has_value());
}

}  // namespace todo::test
