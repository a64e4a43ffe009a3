// audit-service end to end: every task mutation made over HTTP appears in
// GET /api/{user_id}/audit exactly once, in order, with its type and changes;
// and the log survives SIGKILL of the consuming process mid-burst.
#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "api_fixture.h"
#include "core/uuid.h"
#include "db/connection.h"

namespace todo::test {
namespace json = boost::json;

class AuditApi : public ApiTest {
 protected:
  void SetUp() override {
    a = sign_up("Ada");
    c = std::make_unique<HttpClient>(client_for(a));
  }
  // The user's audit entries, newest first, following every cursor.
  std::vector<json::object> audit(const std::string& query = "", int limit = 50) {
    std::vector<json::object> out;
    std::string cursor;
    for (int guard = 0; guard < 1000; ++guard) {
      std::string url = "/api/" + a.id + "/audit?limit=" + std::to_string(limit) + query;
      if (!cursor.empty()) url += "&cursor=" + cursor;
      const auto r = c->get(url);
      EXPECT_EQ(r.status, 200) << r.body;
      const auto body = r.json().as_object();
      for (const auto& item : body.at("items").as_array()) out.push_back(item.as_object());
      if (body.at("next_cursor").is_null()) break;
      cursor = std::string(body.at("next_cursor").as_string());
    }
    return out;
  }

  Account a;
  std::unique_ptr<HttpClient> c;
};

TEST_F(AuditApi, EveryMutationOnceInOrderWithChanges) {
  const auto t = create_task(*c, a, json::object{{"title", "a"}});
  const std::string url = tasks_url(a) + "/" + std::string(t.at("id").as_string());
  ASSERT_EQ(c->patch(url, json::object{{"title", "b"}}).status, 200);
  ASSERT_EQ(c->request("PATCH", url + "/complete").status, 200);
  ASSERT_EQ(c->request("PATCH", url + "/complete").status, 200);
  ASSERT_EQ(c->del(url).status, 204);
  ASSERT_TRUE(wait_until([&] { return audit().size() == 5; }));
  const auto entries = audit();
  ASSERT_EQ(entries.size(), 5u);
  const std::vector<std::string> expected = {"task.deleted", "task.reopened", "task.completed", "task.updated",
                                             "task.created"};  // newest first
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    EXPECT_EQ(e.at("event_type").as_string(), expected[i]);
    EXPECT_EQ(e.at("task_id"), t.at("id"));
    EXPECT_EQ(e.at("user_id").as_string(), a.id);
    EXPECT_TRUE(core::is_uuid(e.at("id").as_string()));
    EXPECT_EQ(e.at("data").at("event_id"), e.at("event_id"));
    EXPECT_TRUE(core::parse_rfc3339(e.at("occurred_at").as_string()));
    EXPECT_TRUE(core::parse_rfc3339(e.at("recorded_at").as_string()));
  }
  EXPECT_EQ(entries[3].at("data").at("changes"), (json::object{{"title", json::object{{"from", "a"}, {"to", "b"}}}}));
  std::set<std::string> event_ids;
  for (const auto& e : entries) event_ids.insert(std::string(e.at("event_id").as_string()));
  EXPECT_EQ(event_ids.size(), 5u);
}

TEST_F(AuditApi, FiltersCursorAndIsolation) {
  const auto t1 = create_task(*c, a, json::object{{"title", "one"}});
  const auto t2 = create_task(*c, a, json::object{{"title", "two"}});
  for (int i = 0; i < 6; ++i)
    ASSERT_EQ(c->patch(tasks_url(a) + "/" + std::string(t1.at("id").as_string()),
                       json::object{{"title", "one v" + std::to_string(i)}})
                  .status,
              200);
  ASSERT_TRUE(wait_until([&] { return audit().size() == 8; }));
  EXPECT_EQ(audit("", 3).size(), 8u);  // paging with small pages sees everything once
  EXPECT_EQ(audit("&task_id=" + std::string(t2.at("id").as_string())).size(), 1u);
  EXPECT_EQ(audit("&task_id=" + std::string(t1.at("id").as_string())).size(), 7u);
  EXPECT_EQ(audit("&event_type=task.created").size(), 2u);
  EXPECT_EQ(audit("&event_type=task.updated&task_id=" + std::string(t1.at("id").as_string())).size(), 6u);
  EXPECT_EQ(c->get("/api/" + a.id + "/audit?event_type=nope").status, 400);
  EXPECT_EQ(c->get("/api/" + a.id + "/audit?task_id=nope").status, 400);
  EXPECT_EQ(c->get("/api/" + a.id + "/audit?limit=0").status, 400);
  EXPECT_EQ(c->get("/api/" + a.id + "/audit?cursor=zzz").status, 400);
  EXPECT_EQ(c->get("/api/" + a.id + "/audit?colour=1").status, 400);
  const auto b = sign_up("Bob");
  auto bc = client_for(b);
  EXPECT_EQ(bc.get("/api/" + a.id + "/audit").status, 403);
  EXPECT_TRUE(bc.get("/api/" + b.id + "/audit").json().at("items").as_array().empty());
  HttpClient anon(port());
  EXPECT_EQ(anon.get("/api/" + a.id + "/audit").status, 401);
}

// A separate process consumes the log (SERVICES=audit-service); it is killed
// with SIGKILL in the middle of a burst of 1,000 mutations and restarted.
// Afterwards there is exactly one audit entry per mutation. A second audit
// process runs all along as a standby of the same app id: it takes over when
// the first dies, and the two never produce a second entry for one event.
TEST(AuditCrash, KilledConsumerLosesNothingAndDuplicatesNothing) {
  TestDatabase db;
  PlatformProcess api(db.url(), {{"SERVICES", "gateway,todo-api"}});
  api.start();
  const std::map<std::string, std::string> consumer_env = {{"SERVICES", "audit-service"},
                                                           {"EVENT_POLL_INTERVAL_MS", "100"}};
  auto consumer = std::make_unique<PlatformProcess>(db.url(), consumer_env);
  consumer->start();
  ASSERT_TRUE(wait_until([&] { return consumer->log().find("subscriber active") != std::string::npos; }));
  PlatformProcess standby(db.url(), consumer_env);
  standby.start();

  HttpClient signup(api.port());
  const auto r = signup.post("/api/auth/sign-up", json::object{{"email", "crash@example.com"}, {"password", "correct horse"}});
  ASSERT_EQ(r.status, 201);
  const std::string user = std::string(r.json().at("user").at("id").as_string());
  const std::string token = std::string(r.json().at("token").as_string());
  db::Connection sql(db.url());
  auto audit_count = [&] { return sql.exec("SELECT count(*) FROM audit_log").front().int64(0); };

  // 4 writers x 250 mutations: creates, updates, completes, deletes. Each
  // stops halfway until the consumer has been killed, so the kill lands in
  // the middle of the burst however fast either side runs.
  std::atomic<int> mutations{0};
  std::mutex gate_mu;
  std::condition_variable gate_cv;
  bool killed = false;
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      HttpClient c(api.port());
      c.set_token(token);
      const std::string tasks = "/api/" + user + "/tasks";
      std::string current;
      for (int i = 0; i < 250; ++i) {
        if (i == 125) {
          std::unique_lock lock(gate_mu);
          gate_cv.wait(lock, [&] { return killed; });
        }
        HttpResult res;
        switch (i % 5) {
          case 0: {
            res = c.post(tasks, json::object{{"title", "w" + std::to_string(w) + " t" + std::to_string(i)}});
            current = std::string(res.json().at("id").as_string());
            break;
          }
          case 1: res = c.patch(tasks + "/" + current, json::object{{"title", "renamed " + std::to_string(i)}}); break;
          case 2: res = c.request("PATCH", tasks + "/" + current + "/complete"); break;
          case 3: res = c.request("PATCH", tasks + "/" + current + "/complete"); break;
          default: res = c.del(tasks + "/" + current); break;
        }
        if (res.status == 200 || res.status == 201 || res.status == 204) ++mutations;
      }
    });
  }
  // Kill the active consumer once it is well into the first half.
  const bool consuming = wait_until([&] { return audit_count() >= 200; }, std::chrono::seconds(60));
  EXPECT_EQ(standby.log().find("subscriber active"), std::string::npos);  // it only stood by
  consumer->kill9();
  {
    std::lock_guard lock(gate_mu);
    killed = true;
  }
  gate_cv.notify_all();
  for (auto& t : writers) t.join();
  ASSERT_TRUE(consuming) << "the consumer never got going";
  EXPECT_EQ(mutations.load(), 1000);
  // Restart it; it and the standby compete again.
  consumer = std::make_unique<PlatformProcess>(db.url(), consumer_env);
  consumer->start();
  EXPECT_TRUE(wait_until([&] { return audit_count() >= 1000; }, std::chrono::seconds(60))) << audit_count();
  // Exactly one entry per event: nothing missing, nothing twice.
  EXPECT_EQ(audit_count(), 1000);
  EXPECT_EQ(sql.exec("SELECT count(*) - count(DISTINCT event_id) FROM audit_log").front().int64(0), 0);
  EXPECT_NE(standby.log().find("subscriber active"), std::string::npos);  // it took over
  EXPECT_EQ(standby.terminate(), 0);
  EXPECT_EQ(consumer->terminate(), 0);
  EXPECT_EQ(api.terminate(), 0);
}

}  // namespace todo::test
