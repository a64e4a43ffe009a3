// Recurring tasks end to end through the HTTP API (DESIGN §3.4): completing
// a recurring task creates exactly one next occurrence, with the right due
// date, reminder offset, fields and parent; nothing past COUNT or UNTIL.
#include <boost/json.hpp>
#include <optional>

#include "api_fixture.h"
#include "core/time.h"
#include "db/connection.h"

namespace todo::test {
namespace json = boost::json;

class Recurring : public ApiTest {
 protected:
  void SetUp() override {
    a = sign_up("Ada");
    c = std::make_unique<HttpClient>(client_for(a));
  }
  std::string url(const json::object& t) { return tasks_url(a) + "/" + std::string(t.at("id").as_string()); }
  std::vector<json::object> all_tasks() {
    const auto body = c->get(tasks_url(a) + "?sort=due_date&order=asc&limit=200").json();
    std::vector<json::object> out;
    for (const auto& t : body.at("items").as_array()) out.push_back(t.as_object());
    return out;
  }
  std::vector<json::object> children_of(const json::object& parent) {
    std::vector<json::object> out;
    for (const auto& t : all_tasks())
      if (t.at("parent_task_id") == parent.at("id")) out.push_back(t);
    return out;
  }
  // Completes `t` and waits for its next occurrence; returns it.
  json::object complete_and_get_next(const json::object& t) {
    const auto r = c->patch(url(t) + "/complete", json::object{{"completed", true}});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(wait_until([&] { return children_of(t).size() == 1; })) << "no next occurrence of " << t.at("title");
    const auto kids = children_of(t);
    return kids.empty() ? json::object{} : kids.front();
  }
  // Waits until every subscriber has handled everything published so far
  // (the platform's own gauge of unconsumed events, on /metrics).
  void settle() {
    HttpClient ops(port());
    ASSERT_TRUE(wait_until([&] { return metric(ops, "event_log_backlog") == 0; }));
  }

  Account a;
  std::unique_ptr<HttpClient> c;
};

TEST_F(Recurring, WeeklyTaskGetsExactlyOneNextOccurrence) {
  // Monday 2030-01-07 09:00 Berlin (08:00Z), reminder 15 minutes before.
  const auto t = create_task(*c, a, json::object{{"title", "Standup"},
                                                 {"description", "Team sync"},
                                                 {"priority", "high"},
                                                 {"tags", json::array{"work", "team"}},
                                                 {"due_date", "2030-01-07T08:00:00Z"},
                                                 {"reminder_at", "2030-01-07T07:45:00Z"},
                                                 {"recurrence", "FREQ=WEEKLY;BYDAY=MO"},
                                                 {"timezone", "Europe/Berlin"}});
  const auto next = complete_and_get_next(t);
  ASSERT_FALSE(next.empty());
  EXPECT_EQ(next.at("title").as_string(), "Standup");
  EXPECT_EQ(next.at("description").as_string(), "Team sync");
  EXPECT_EQ(next.at("priority").as_string(), "high");
  EXPECT_EQ(next.at("tags"), (json::array{"work", "team"}));
  EXPECT_EQ(next.at("recurrence").as_string(), "FREQ=WEEKLY;BYDAY=MO");
  EXPECT_EQ(next.at("timezone").as_string(), "Europe/Berlin");
  EXPECT_EQ(next.at("status").as_string(), "pending");
  EXPECT_EQ(next.at("due_date").as_string(), "2030-01-14T08:00:00.000Z");
  EXPECT_EQ(next.at("reminder_at").as_string(), "2030-01-14T07:45:00.000Z");
  EXPECT_EQ(next.at("reminder_sent").as_bool(), false);
  EXPECT_EQ(next.at("parent_task_id"), t.at("id"));
  settle();
  EXPECT_EQ(all_tasks().size(), 2u);
}

TEST_F(Recurring, CompleteReopenCompleteStillYieldsOne) {
  const auto t = create_task(*c, a, json::object{{"title", "Water plants"},
                                                 {"due_date", "2030-03-01T18:00:00Z"},
                                                 {"recurrence", "daily"}});
  complete_and_get_next(t);
  ASSERT_EQ(c->patch(url(t) + "/complete", json::object{{"completed", false}}).status, 200);
  ASSERT_EQ(c->patch(url(t) + "/complete", json::object{{"completed", true}}).status, 200);
  ASSERT_EQ(c->request("PATCH", url(t) + "/complete").status, 200);  // toggle: reopened
  ASSERT_EQ(c->request("PATCH", url(t) + "/complete").status, 200);  // toggle: completed again
  settle();
  EXPECT_EQ(children_of(t).size(), 1u);
  EXPECT_EQ(all_tasks().size(), 2u);
}

// Completed again after a reopen and an edit, the task would compute another
// next occurrence (another title): it has its one already, so nothing more
// is asked for, and nothing ends among the dead letters.
TEST_F(Recurring, CompletingAgainAfterAnEditAsksForNothingMore) {
  HttpClient ops(port());
  const double dead_before = metric(ops, "event_dead_letters");
  const auto t = create_task(*c, a, json::object{{"title", "Feed the cat"},
                                                 {"due_date", "2030-03-01T18:00:00Z"},
                                                 {"recurrence", "daily"}});
  const auto first = complete_and_get_next(t);
  ASSERT_EQ(c->patch(url(t) + "/complete", json::object{{"completed", false}}).status, 200);
  ASSERT_EQ(c->patch(url(t), json::object{{"title", "Feed both cats"}}).status, 200);
  ASSERT_EQ(c->patch(url(t) + "/complete", json::object{{"completed", true}}).status, 200);
  settle();
  const auto kids = children_of(t);
  ASSERT_EQ(kids.size(), 1u);
  EXPECT_EQ(kids.front().at("id"), first.at("id"));
  EXPECT_EQ(kids.front().at("title").as_string(), "Feed the cat");
  EXPECT_EQ(metric(ops, "event_dead_letters"), dead_before);
}

TEST_F(Recurring, DaylightSavingKeepsWallClockTime) {
  // Weekly 09:00 Berlin from the last Monday of March 2030 (CET -> CEST on Sunday 31 March).
  const auto t = create_task(*c, a, json::object{{"title", "Sync"},
                                                 {"due_date", "2030-03-25T08:00:00Z"},  // 09:00 CET
                                                 {"recurrence", "weekly"},
                                                 {"timezone", "Europe/Berlin"}});
  const auto next = complete_and_get_next(t);
  EXPECT_EQ(next.at("due_date").as_string(), "2030-04-01T07:00:00.000Z");  // 09:00 CEST
}

TEST_F(Recurring, MissedOccurrencesAreSkipped) {
  // Due in 2020; completed now: the next is the first one after now.
  const auto t = create_task(*c, a, json::object{{"title", "Old habit"},
                                                 {"due_date", "2020-01-06T12:00:00Z"},
                                                 {"recurrence", "FREQ=WEEKLY;BYDAY=MO"}});
  const auto next = complete_and_get_next(t);
  const auto due = core::parse_rfc3339(next.at("due_date").as_string()).value();
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  EXPECT_GT(due, now);
  EXPECT_LE(due, now + std::chrono::days(7));
  const auto weekday = std::chrono::weekday(std::chrono::floor<std::chrono::days>(due));
  EXPECT_EQ(weekday, std::chrono::Monday);
  EXPECT_EQ(next.at("due_date").as_string().subview(10), "T12:00:00.000Z");
}

TEST_F(Recurring, NothingPastCount) {
  auto t = create_task(*c, a, json::object{{"title", "Three times"},
                                           {"due_date", "2030-05-01T10:00:00Z"},
                                           {"recurrence", "FREQ=DAILY;COUNT=3"}});
  const auto second = complete_and_get_next(t);
  EXPECT_EQ(second.at("due_date").as_string(), "2030-05-02T10:00:00.000Z");
  const auto third = complete_and_get_next(second);
  EXPECT_EQ(third.at("due_date").as_string(), "2030-05-03T10:00:00.000Z");
  ASSERT_EQ(c->patch(url(third) + "/complete", json::object{{"completed", true}}).status, 200);
  settle();
  EXPECT_TRUE(children_of(third).empty());
  EXPECT_EQ(all_tasks().size(), 3u);
}

TEST_F(Recurring, NothingPastUntilOrRecurrenceEnd) {
  const auto until = create_task(*c, a, json::object{{"title", "Until"},
                                                     {"due_date", "2030-06-01T10:00:00Z"},
                                                     {"recurrence", "FREQ=WEEKLY;UNTIL=20300605T000000Z"}});
  const auto ended = create_task(*c, a, json::object{{"title", "Ended"},
                                                     {"due_date", "2030-06-01T10:00:00Z"},
                                                     {"recurrence", "weekly"},
                                                     {"recurrence_end", "2030-06-07T00:00:00Z"}});
  const auto kept = create_task(*c, a, json::object{{"title", "Kept"},
                                                    {"due_date", "2030-06-01T10:00:00Z"},
                                                    {"recurrence", "weekly"},
                                                    {"recurrence_end", "2030-06-08T10:00:00Z"}});
  for (const auto* t : {&until, &ended})
    ASSERT_EQ(c->patch(url(*t) + "/complete", json::object{{"completed", true}}).status, 200);
  const auto next = complete_and_get_next(kept);  // the bound is inclusive
  EXPECT_EQ(next.at("due_date").as_string(), "2030-06-08T10:00:00.000Z");
  settle();
  EXPECT_TRUE(children_of(until).empty());
  EXPECT_TRUE(children_of(ended).empty());
}

TEST_F(Recurring, MonthlyOnThe31stSkipsShortMonths) {
  const auto t = create_task(*c, a, json::object{{"title", "Month end"},
                                                 {"due_date", "2030-01-31T10:00:00Z"},
                                                 {"recurrence", "FREQ=MONTHLY;BYMONTHDAY=31"}});
  EXPECT_EQ(complete_and_get_next(t).at("due_date").as_string(), "2030-03-31T10:00:00.000Z");
}

TEST_F(Recurring, NonRecurringAndDeletedTasksCreateNothing) {
  const auto plain = create_task(*c, a, json::object{{"title", "Once"}, {"due_date", "2030-01-01T00:00:00Z"}});
  ASSERT_EQ(c->patch(url(plain) + "/complete", json::object{{"completed", true}}).status, 200);
  const auto doomed = create_task(*c, a, json::object{{"title", "Doomed"},
                                                      {"due_date", "2030-01-01T00:00:00Z"},
                                                      {"recurrence", "daily"}});
  ASSERT_EQ(c->del(url(doomed)).status, 204);
  settle();
  EXPECT_EQ(all_tasks().size(), 1u);
}

TEST_F(Recurring, TheNextOccurrenceInheritsTheProject) {
  const auto r = c->post("/api/" + a.id + "/projects", json::object{{"name", "Chores"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto project = r.json().at("id");
  const auto filed = create_task(*c, a, json::object{{"title", "Take out the bins"},
                                                     {"due_date", "2030-01-07T08:00:00Z"},
                                                     {"recurrence", "weekly"},
                                                     {"project_id", project}});
  const auto next = complete_and_get_next(filed);
  EXPECT_EQ(next.at("project_id"), project);
  EXPECT_EQ(complete_and_get_next(next).at("project_id"), project);  // and so on down the series
  const auto inbox = create_task(*c, a, json::object{{"title", "Stretch"},
                                                     {"due_date", "2030-01-07T08:00:00Z"},
                                                     {"recurrence", "daily"}});
  EXPECT_TRUE(complete_and_get_next(inbox).at("project_id").is_null());
}

// The project of a completed task is deleted before recurring-service asks
// for its next occurrence (here: recurring-service is not running yet when
// it happens). The occurrence is created in the inbox, not refused, so the
// request does not end among the dead letters.
TEST(RecurringProjects, ANextOccurrenceWhoseProjectIsGoneGoesToTheInbox) {
  TestDatabase db;
  PlatformProcess api(db.url(), {{"SERVICES", "gateway,todo-api"}});
  api.start();
  HttpClient c(api.port());
  const auto r = c.post("/api/auth/sign-up", json::object{{"email", "gone-project@example.com"}, {"password", "correct horse"}});
  ASSERT_EQ(r.status, 201);
  c.set_token(std::string(r.json().at("token").as_string()));
  const std::string base = "/api/" + std::string(r.json().at("user").at("id").as_string());
  const auto project = c.post(base + "/projects", json::object{{"name", "Soon gone"}}).json().at("id");
  const auto created = c.post(base + "/tasks", json::object{{"title", "Water plants"},
                                                            {"due_date", "2030-03-01T18:00:00Z"},
                                                            {"recurrence", "daily"},
                                                            {"project_id", project}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string task = base + "/tasks/" + std::string(created.json().at("id").as_string());
  ASSERT_EQ(c.patch(task + "/complete", json::object{{"completed", true}}).status, 200);
  ASSERT_EQ(c.del(base + "/projects/" + std::string(project.as_string())).status, 204);

  PlatformProcess recurring(db.url(), {{"SERVICES", "recurring-service,todo-api"}});
  recurring.start();
  std::optional<json::object> child;
  ASSERT_TRUE(wait_until(
      [&] {
        const auto list = c.get(base + "/tasks?limit=200").json();
        for (const auto& t : list.at("items").as_array())
          if (t.at("parent_task_id") == created.json().at("id")) child = t.as_object();
        return child.has_value();
      },
      std::chrono::seconds(15)))
      << "no next occurrence";
  EXPECT_TRUE(child->at("project_id").is_null());
  EXPECT_EQ(child->at("due_date").as_string(), "2030-03-02T18:00:00.000Z");
  db::Connection sql(db.url());
  EXPECT_EQ(sql.exec("SELECT count(*) FROM event_dead_letters").front().int64(0), 0);
}

TEST_F(Recurring, TheInternalRouteIsNotPublic) {
  const auto r = c->post("/internal/next-occurrence", json::object{{"user_id", a.id}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(error_code(r), "not_found");
}

}  // namespace todo::test
