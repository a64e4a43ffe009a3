// Poison events and the boundaries of the distributed system: an event a
// consumer keeps failing on reaches `<app id>.deadletter` after the
// sidecar's retries, is recorded, later events of the same user still flow,
// and a replay applies it exactly once. Deliveries without the right
// dapr-api-token are refused; internal routes are not reachable through the
// edge; the sidecars refuse calls without their token.
#include <boost/json.hpp>
#include <functional>
#include <regex>
#include <sstream>

#include "core/uuid.h"
#include "db/connection.h"
#include "distributed_system.h"
#include "test_env.h"

namespace todo::test {
namespace json = boost::json;

namespace {

int created_entries(HttpClient& c, const User& u, const std::string& task_id) {
  int n = 0;
  for (const auto& e : audit_entries(c, u))
    n += e.at("event_type") == "task.created" && e.at("task_id") == json::value(task_id);
  return n;
}

}  // namespace

TEST(DistributedDeadLetters, APoisonEventIsDeadLetteredOthersFlowAndAReplayAppliesItOnce) {
  auto& sys = DistributedSystem::get();
  const auto u = sys.sign_up("Poison");
  auto c = sys.client_for(u);
  const std::string poison = "poison-" + core::new_uuid();
  // A fault in audit-service's own table: recording this one task fails,
  // every time, until the fault is repaired.
  db::Connection sql(sys.database_url());
  sql.exec_script("CREATE OR REPLACE FUNCTION test_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                  " IF NEW.data->'task'->>'title' = '" + poison + "' THEN RAISE EXCEPTION 'poisoned'; END IF;"
                  " RETURN NEW; END $$;"
                  "CREATE TRIGGER test_poison BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_poison()");
  auto repair = [&] {
    sql.exec_script("DROP TRIGGER IF EXISTS test_poison ON audit_log; DROP FUNCTION IF EXISTS test_poison()");
  };
  struct Cleanup {
    std::function<void()> repair;
    ~Cleanup() {
      try {
        repair();
      } catch (...) {
      }
    }
  } cleanup{repair};

  const auto bad = create_acknowledged(c, u, json::object{{"title", poison}});
  const auto after = create_acknowledged(c, u, json::object{{"title", "after the poison"}});
  ASSERT_FALSE(bad.empty());
  ASSERT_FALSE(after.empty());
  const std::string bad_id(bad.at("id").as_string()), after_id(after.at("id").as_string());
  // The sidecar retries (deploy/dapr resiliency: 8 attempts), then the event
  // goes to audit-service.deadletter and the partition moves on.
  ASSERT_TRUE(wait_until([&] { return created_entries(c, u, after_id) == 1; }, std::chrono::seconds(120)))
      << "later events of the same user did not flow";
  EXPECT_EQ(created_entries(c, u, bad_id), 0);
  std::string out;
  // This user's letter (the key is the user), not one of another test.
  std::regex letter_re("^(\\d+) +audit-service +task-events +task\\.created +dead .* key=" + u.id + "$");
  std::string letter;
  ASSERT_TRUE(wait_until([&] {
    sys.run_operator_command("audit-service", "deadletters list", out);
    std::istringstream lines(out);
    std::smatch m;
    for (std::string line; std::getline(lines, line);) {
      if (std::regex_match(line, m, letter_re)) {
        letter = m[1];
        return true;
      }
    }
    return false;
  }, std::chrono::seconds(60))) << out;
  // Repaired: the replay runs the original handler once.
  repair();
  EXPECT_EQ(sys.run_operator_command("audit-service", "deadletters replay " + letter + " --wait 30", out), 0) << out;
  EXPECT_NE(out.find("replayed"), std::string::npos) << out;
  EXPECT_TRUE(wait_until([&] { return created_entries(c, u, bad_id) == 1; }, std::chrono::seconds(30)));
  // A second replay is refused, and nothing is recorded twice.
  EXPECT_EQ(sys.run_operator_command("audit-service", "deadletters replay " + letter, out), 1) << out;
  EXPECT_EQ(created_entries(c, u, bad_id), 1);
  EXPECT_EQ(created_entries(c, u, after_id), 1);
}

TEST(DistributedBoundaries, DeliveriesNeedTheAppTokenAndInternalRoutesAreNotOnTheEdge) {
  auto& sys = DistributedSystem::get();
  ASSERT_FALSE(sys.app_api_token().empty()) << "the suite runs with API tokens";
  HttpClient audit(sys.service_port("audit-service"));
  const std::string body = R"({"specversion":"1.0","id":")" + core::new_uuid() + R"(","type":"task.created","data":{}})";
  const HeaderList json_type = {{"Content-Type", "application/cloudevents+json"}};
  EXPECT_EQ(audit.request("POST", "/events/task-events", body, json_type).status, 401);
  auto wrong = json_type;
  wrong.emplace_back("dapr-api-token", "not-the-token");
  EXPECT_EQ(audit.request("POST", "/events/task-events", body, wrong).status, 401);
  EXPECT_EQ(audit.get("/dapr/subscribe").status, 401);
  const auto subs = audit.get("/dapr/subscribe", {{"dapr-api-token", sys.app_api_token()}});
  ASSERT_EQ(subs.status, 200);
  EXPECT_EQ(subs.json().as_array().at(0).at("deadLetterTopic").as_string(), "audit-service.deadletter");
  // With the token, a malformed delivery is answered DROP (never a 404).
  auto right = json_type;
  right.emplace_back("dapr-api-token", sys.app_api_token());
  const auto dropped = audit.request("POST", "/events/task-events", "not json", right);
  EXPECT_EQ(dropped.status, 200);
  EXPECT_EQ(dropped.json().at("status").as_string(), "DROP");
  HttpClient recurring(sys.service_port("recurring-service"));
  EXPECT_EQ(recurring.request("OPTIONS", "/reminder-sweep").status, 401);
  EXPECT_EQ(recurring.post("/job/reminder-x", json::object{}).status, 401);
  HttpClient todo(sys.service_port("todo-api"));
  EXPECT_EQ(todo.post("/internal/next-occurrence", json::object{}).status, 401);

  // Through the edge: none of the internal routes of any service.
  auto edge = sys.edge();
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/internal/next-occurrence"}, {"GET", "/dapr/subscribe"}, {"POST", "/events/task-events"},
           {"POST", "/job/reminder-x"}, {"POST", "/reminder-sweep"}, {"OPTIONS", "/reminder-sweep"},
           {"POST", "/todo-api-housekeeping"}}) {
    const auto r = edge.request(method, path, "{}", {{"Content-Type", "application/json"}});
    EXPECT_TRUE(r.status == 401 || r.status == 404 || r.status == 405) << method << " " << path << " -> " << r.status;
    EXPECT_EQ(r.body.find("SUCCESS"), std::string::npos);
  }
  // The sidecars answer only with their token.
  HttpClient sidecar(sys.dapr_http_port("todo-api"));
  EXPECT_EQ(sidecar.get("/v1.0/metadata").status, 401);
  EXPECT_EQ(sidecar.get("/v1.0/metadata", {{"dapr-api-token", sys.value("DAPR_API_TOKEN_VALUE")}}).status, 200);
}

}  // namespace todo::test
