// Quick add over real HTTP against real PostgreSQL (DESIGN §3.8):
// POST …/tasks/quick creates the task a line of text describes, with the
// usual rules, events and Idempotency-Key, and answers what it recognised;
// POST …/tasks/quick/preview answers the same "parsed" (or the same 422)
// and stores nothing. The grammar itself is unit-tested
// (tests/unit/quick_add_test.cpp); this checks the routes around it.
#include <boost/json.hpp>
#include <set>

#include "api_fixture.h"
#include "core/time.h"
#include "core/uuid.h"
#include "json_answers.h"
#include "event_observation.h"

namespace todo::test {
namespace json = boost::json;

class QuickAdd : public ApiTest {
 protected:
  void SetUp() override {
    a = sign_up("Ada");
    c = std::make_unique<HttpClient>(client_for(a));
  }
  std::string quick() const { return tasks_url(a) + "/quick"; }
  std::string preview() const { return tasks_url(a) + "/quick/preview"; }
  json::object project(const std::string& name) {
    const auto r = c->post("/api/" + a.id + "/projects", json::object{{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().as_object();
  }
  size_t task_count() { return c->get(tasks_url(a) + "?limit=200").json().at("items").as_array().size(); }

  Account a;
  std::unique_ptr<HttpClient> c;
};

TEST_F(QuickAdd, CreatesTheTaskItDescribesAndSaysWhatItRecognised) {
  const auto home = project("Home Renovation");
  const std::string text = "Pay rent every month on the 1st 9am p1 @home @bills #home renovation remind me 1h before";
  const auto r = c->post(quick(), json::object{{"text", text}, {"timezone", "Europe/Berlin"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto body = r.json().as_object();
  EXPECT_EQ(r.header("Location"), tasks_url(a) + "/" + str(body.at("id")));
  EXPECT_EQ(r.header("ETag"), "\"1\"");
  EXPECT_EQ(body.at("title").as_string(), "Pay rent");
  EXPECT_EQ(body.at("priority").as_string(), "high");
  EXPECT_EQ(body.at("tags"), (json::array{"home", "bills"}));
  EXPECT_EQ(body.at("recurrence").as_string(), "FREQ=MONTHLY;BYMONTHDAY=1");
  EXPECT_EQ(body.at("timezone").as_string(), "Europe/Berlin");
  EXPECT_EQ(body.at("project_id"), home.at("id"));
  EXPECT_EQ(body.at("status").as_string(), "pending");
  const auto due = core::parse_rfc3339(str(body.at("due_date"))).value();
  const auto reminder = core::parse_rfc3339(str(body.at("reminder_at"))).value();
  EXPECT_EQ(due - reminder, std::chrono::hours(1));
  EXPECT_GT(due, std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));

  const auto& parsed = body.at("parsed").as_object();
  EXPECT_EQ(parsed.at("title").as_string(), "Pay rent");
  EXPECT_EQ(parsed.at("due_date"), body.at("due_date"));
  EXPECT_EQ(parsed.at("all_day").as_bool(), false);
  EXPECT_EQ(parsed.at("recurrence"), body.at("recurrence"));
  EXPECT_EQ(parsed.at("priority").as_string(), "high");
  EXPECT_EQ(parsed.at("reminder_at"), body.at("reminder_at"));
  EXPECT_EQ(parsed.at("tags"), body.at("tags"));
  EXPECT_EQ(parsed.at("project_id"), home.at("id"));
  std::vector<std::string> kinds;
  for (const auto& m : parsed.at("matches").as_array()) {
    kinds.emplace_back(m.at("kind").as_string());
    const auto start = m.at("start").to_number<size_t>(), end = m.at("end").to_number<size_t>();
    EXPECT_EQ(text.substr(start, end - start), str(m.at("text")));
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"recurrence", "priority", "tag", "tag", "project", "reminder"}));
  // The task is the task: GET has it (without "parsed"), and its event is task.created.
  auto stored = c->get(r.header("Location")).json().as_object();
  auto expected = body;
  expected.erase("parsed");
  EXPECT_EQ(stored, expected);
  ASSERT_TRUE(settled(port()));
  EXPECT_EQ(audited_types(*c, a), (std::vector<std::string>{"project.created", "task.created"}));
}

TEST_F(QuickAdd, ADateWithoutTimeIsAllDayInTheGivenZoneUtcByDefault) {
  const auto r = c->post(quick(), json::object{{"text", "Buy milk tomorrow"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("timezone").as_string(), "UTC");
  EXPECT_TRUE(r.json().at("parsed").at("all_day").as_bool());
  EXPECT_EQ(str(r.json().at("due_date")).substr(10), "T23:59:59.000Z");
  const auto berlin = c->post(quick(), json::object{{"text", "Buy milk tomorrow"}, {"timezone", "Europe/Berlin"}});
  ASSERT_EQ(berlin.status, 201);
  EXPECT_EQ(berlin.json().at("timezone").as_string(), "Europe/Berlin");
  const auto local = str(berlin.json().at("due_date")).substr(10);
  EXPECT_TRUE(local == "T22:59:59.000Z" || local == "T21:59:59.000Z") << local;  // 23:59:59 CET or CEST
  EXPECT_EQ(c->post(quick(), json::object{{"text", "Buy milk"}, {"timezone", nullptr}}).json().at("timezone").as_string(),
            "UTC");
}

TEST_F(QuickAdd, AnUnknownProjectStaysInTheTitle) {
  project("Work");
  const auto r = c->post(quick(), json::object{{"text", "Plant tulips #garden"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("title").as_string(), "Plant tulips #garden");
  EXPECT_TRUE(r.json().at("project_id").is_null());
  EXPECT_FALSE(r.json().at("parsed").as_object().contains("project_id"));
  EXPECT_FALSE(r.json().at("parsed").as_object().contains("matches"));
  // Another user's project is unknown here.
  const auto b = sign_up("Bob");
  auto bc = client_for(b);
  ASSERT_EQ(bc.post("/api/" + b.id + "/projects", json::object{{"name", "Garden"}}).status, 201);
  EXPECT_TRUE(c->post(quick(), json::object{{"text", "Water roses #garden"}}).json().at("project_id").is_null());
}

TEST_F(QuickAdd, RefusalsAre422AndCreateNothing) {
  const std::vector<std::pair<json::object, std::set<std::string>>> cases = {
      {{{"text", ""}}, {"text"}},
      {{{"text", "   "}}, {"text"}},
      {{{"text", std::string(1001, 'a')}}, {"text"}},
      {{{"text", "remind me 30m before call mom"}}, {"text"}},  // a reminder before nothing
      {{{"text", "tomorrow 5pm p1"}}, {"text"}},                // nothing left for a title
      {{{"text", "Buy milk"}, {"timezone", "Mars/Olympus"}}, {"timezone"}},
      {{{"text", "Buy milk"}, {"timezone", 1}}, {"timezone"}},
      {{{"text", 42}}, {"text"}},
      {{{"text", nullptr}}, {"text"}},
      {{}, {"text"}},
      {{{"text", "Buy milk"}, {"title", "x"}}, {"title"}},
      {{{"text", std::string(201, 'a')}}, {"title"}},                       // the task's own rule
      {{{"text", std::string(1000, 'a')}}, {"title"}},  // 1000 characters are a text, not a title
      {{{"text", "Call Bob tomorrow remind me in 3 days"}}, {"reminder_at"}},  // after the due date
  };
  for (const auto& [body, fields] : cases) {
    SCOPED_TRACE(json::serialize(body).substr(0, 120));
    for (const auto& target : {quick(), preview()}) {
      const auto r = c->post(target, body);
      EXPECT_EQ(r.status, 422) << target << ": " << r.body;
      EXPECT_EQ(error_code(r), "validation_failed");
      EXPECT_EQ(problem_fields(r), fields);
    }
  }
  for (const auto& target : {quick(), preview()}) {
    EXPECT_EQ(c->request("POST", target, "{", {}).status, 400);
    EXPECT_EQ(c->request("POST", target, "Buy milk", {{"Content-Type", "text/plain"}}).status, 415);
    EXPECT_EQ(c->request("POST", target, "[]", {}).status, 422);
  }
  EXPECT_EQ(task_count(), 0u);
  ASSERT_TRUE(settled(port()));
  EXPECT_TRUE(audit_entries(*c, a).empty());
}

TEST_F(QuickAdd, IdempotencyKeyReplaysTheFirstAnswer) {
  const json::object body{{"text", "Call mom friday @family"}};
  const HeaderList key{{"Idempotency-Key", "quick-" + core::new_uuid()}};
  const auto first = c->post(quick(), body, key);
  ASSERT_EQ(first.status, 201) << first.body;
  const auto replay = c->post(quick(), body, key);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(replay.body, first.body);  // "parsed" included
  EXPECT_EQ(replay.header("Location"), first.header("Location"));
  const auto other = c->post(quick(), json::object{{"text", "Call dad friday"}}, key);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(problem_fields(other), std::set<std::string>{"Idempotency-Key"});
  EXPECT_EQ(c->post(quick(), body, {{"Idempotency-Key", "has space"}}).status, 400);
  EXPECT_EQ(task_count(), 1u);
  ASSERT_TRUE(settled(port()));
  EXPECT_EQ(audited_types(*c, a), std::vector<std::string>{"task.created"});
}

TEST_F(QuickAdd, PreviewAnswersTheSameParsedAndStoresNothing) {
  const auto work = project("Work");
  ASSERT_TRUE(settled(port()));
  const auto audited = audit_entries(*c, a).size();
  const json::object body{{"text", "Send report next monday 10am p2 @q4 #work"}, {"timezone", "America/New_York"}};
  const auto p = c->post(preview(), body);
  ASSERT_EQ(p.status, 200) << p.body;
  const auto answer = p.json().as_object();
  ASSERT_EQ(answer.size(), 1u);
  const auto& parsed = answer.at("parsed").as_object();
  EXPECT_EQ(parsed.at("title").as_string(), "Send report");
  EXPECT_EQ(parsed.at("priority").as_string(), "medium");
  EXPECT_EQ(parsed.at("tags"), (json::array{"q4"}));
  EXPECT_EQ(parsed.at("project_id"), work.at("id"));
  EXPECT_EQ(parsed.at("all_day").as_bool(), false);
  // Nothing stored, nothing published; an Idempotency-Key changes nothing.
  EXPECT_EQ(c->post(preview(), body, {{"Idempotency-Key", "preview-1"}}).status, 200);
  EXPECT_EQ(task_count(), 0u);
  ASSERT_TRUE(settled(port()));
  EXPECT_EQ(audit_entries(*c, a).size(), audited);
  // The create answers the same "parsed" for the same text.
  const auto created = c->post(quick(), body, {{"Idempotency-Key", "preview-1"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json().at("parsed"), answer.at("parsed"));
  EXPECT_EQ(created.header("Idempotent-Replayed"), "");  // the preview stored no key
}

TEST_F(QuickAdd, OnlyTheUsersOwnPath) {
  const auto b = sign_up("Bob");
  auto bc = client_for(b);
  EXPECT_EQ(bc.post(quick(), json::object{{"text", "x"}}).status, 403);
  EXPECT_EQ(bc.post(preview(), json::object{{"text", "x"}}).status, 403);
  HttpClient anon(port());
  EXPECT_EQ(anon.post(quick(), json::object{{"text", "x"}}).status, 401);
  EXPECT_EQ(anon.post(preview(), json::object{{"text", "x"}}).status, 401);
  EXPECT_EQ(task_count(), 0u);
  // Only POST: the path is not a task id either.
  EXPECT_EQ(c->get(quick() + "/preview").status, 405);
}

}  // namespace todo::test
