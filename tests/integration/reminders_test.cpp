// Exact-time reminders end to end (DESIGN §3.4, §3.5): a reminder fires
// once per (task, reminder_at) and becomes one notification and
// reminder_sent=true; moving re-arms, completing or deleting cancels; a
// reminder due while the platform is down fires once after restart; the
// safety sweep never duplicates. Plus the notifications API.
#include <boost/json.hpp>

#include "api_fixture.h"
#include "core/uuid.h"
#include "db/connection.h"
#include "db/migrations.h"
#include "db/pool.h"
#include "core/event_payloads.h"
#include "fake_ports.h"
#include "services/recurring-service/recurring_service.h"

namespace todo::test {
namespace json = boost::json;

namespace {

core::Instant now_ms() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::string in(std::chrono::milliseconds d) { return core::format_rfc3339(now_ms() + d); }

}  // namespace

class Reminders : public ApiTest {
 protected:
  void SetUp() override {
    a = sign_up("Ada");
    c = std::make_unique<HttpClient>(client_for(a));
  }
  std::string url(const json::object& t) { return tasks_url(a) + "/" + std::string(t.at("id").as_string()); }
  json::array notifications(const std::string& query = "") {
    const auto r = c->get("/api/" + a.id + "/notifications" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("items").as_array();
  }
  // How many task.updated events of `t` set reminder_sent (its audit entries).
  int reminder_sent_changes(const json::object& t) {
    const auto page = c->get("/api/" + a.id + "/audit?event_type=task.updated&task_id=" + std::string(t.at("id").as_string()))
                          .json();
    int n = 0;
    for (const auto& e : page.at("items").as_array()) {
      const auto* changes = e.at("data").as_object().if_contains("changes");
      n += changes && changes->as_object().contains("reminder_sent");
    }
    return n;
  }

  Account a;
  std::unique_ptr<HttpClient> c;
};

TEST_F(Reminders, ReminderTwoSecondsAheadNotifiesOnceAndMarksSent) {
  const auto reminder = in(std::chrono::seconds(2));
  const auto t = create_task(*c, a, json::object{{"title", "Pay rent"},
                                                 {"due_date", in(std::chrono::hours(1))},
                                                 {"reminder_at", reminder},
                                                 {"timezone", "Europe/Berlin"}});
  EXPECT_TRUE(notifications().empty());  // not before its time
  ASSERT_TRUE(wait_until([&] { return notifications().size() == 1; }, std::chrono::seconds(10)));
  const auto n = notifications().at(0).as_object();
  EXPECT_EQ(n.at("type").as_string(), "reminder");
  EXPECT_EQ(n.at("task_id"), t.at("id"));
  EXPECT_EQ(n.at("read").as_bool(), false);
  EXPECT_NE(std::string(n.at("message").as_string()).find("Pay rent"), std::string::npos);
  EXPECT_NE(std::string(n.at("message").as_string()).find("Europe/Berlin"), std::string::npos);
  // Not early: created at or after the reminder instant.
  EXPECT_GE(core::parse_rfc3339(n.at("created_at").as_string()).value(), core::parse_rfc3339(reminder).value());
  ASSERT_TRUE(wait_until([&] { return c->get(url(t)).json().at("reminder_sent").as_bool(); }));
  // reminder_sent changed once, by one task.updated (in the audit log).
  EXPECT_TRUE(wait_until([&] { return reminder_sent_changes(t) == 1; }));
  // Still exactly one, later on.
  const auto marker = create_task(*c, a, json::object{{"title", "marker"}, {"reminder_at", in(std::chrono::milliseconds(0))}});
  ASSERT_TRUE(wait_until([&] { return notifications().size() == 2; }));
  int for_t = 0;
  for (const auto& item : notifications()) for_t += item.at("task_id") == t.at("id");
  EXPECT_EQ(for_t, 1);
  EXPECT_EQ(reminder_sent_changes(t), 1);
}

TEST_F(Reminders, ReminderInThePastFiresAtOnce) {
  create_task(*c, a, json::object{{"title", "Overdue"}, {"reminder_at", "2020-01-01T00:00:00Z"}});
  EXPECT_TRUE(wait_until([&] { return notifications().size() == 1; }));
}

TEST_F(Reminders, MovingTheReminderReArmsIt) {
  const auto t = create_task(*c, a, json::object{{"title", "Moved"}, {"reminder_at", in(std::chrono::seconds(2))}});
  const auto later = in(std::chrono::seconds(3));
  ASSERT_EQ(c->patch(url(t), json::object{{"reminder_at", later}}).status, 200);
  ASSERT_TRUE(wait_until([&] { return notifications().size() == 1; }, std::chrono::seconds(10)));
  EXPECT_GE(core::parse_rfc3339(notifications().at(0).at("created_at").as_string()).value(),
            core::parse_rfc3339(later).value());
  // After it fired, moving it again fires again (a new reminder_at value).
  ASSERT_TRUE(wait_until([&] { return c->get(url(t)).json().at("reminder_sent").as_bool(); }));
  const auto r = c->patch(url(t), json::object{{"reminder_at", in(std::chrono::milliseconds(500))}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("reminder_sent").as_bool(), false);
  ASSERT_TRUE(wait_until([&] { return notifications().size() == 2; }, std::chrono::seconds(10)));
}

TEST_F(Reminders, CompletingOrDeletingCancels) {
  const auto done = create_task(*c, a, json::object{{"title", "Done early"}, {"reminder_at", in(std::chrono::seconds(2))}});
  const auto gone = create_task(*c, a, json::object{{"title", "Deleted"}, {"reminder_at", in(std::chrono::seconds(2))}});
  const auto cleared = create_task(*c, a, json::object{{"title", "Cleared"}, {"reminder_at", in(std::chrono::seconds(2))}});
  const auto kept = create_task(*c, a, json::object{{"title", "Kept"}, {"reminder_at", in(std::chrono::seconds(3))}});
  ASSERT_EQ(c->patch(url(done) + "/complete", json::object{{"completed", true}}).status, 200);
  ASSERT_EQ(c->del(url(gone)).status, 204);
  ASSERT_EQ(c->patch(url(cleared), json::object{{"reminder_at", nullptr}}).status, 200);
  // The kept one fires after the others' time has passed; only it notifies.
  ASSERT_TRUE(wait_until([&] { return notifications().size() >= 1; }, std::chrono::seconds(10)));
  const auto items = notifications();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items.at(0).at("task_id"), kept.at("id"));
  EXPECT_TRUE(wait_until([&] { return reminder_sent_changes(kept) == 1; }));
  for (const auto& t : {done, gone, cleared}) EXPECT_EQ(reminder_sent_changes(t), 0) << t.at("title");
}

// An edit that leaves the reminder alone does not touch its job (the job
// armed at creation still fires, and names the task as it is now); completing
// and reopening before its time arms it again.
TEST_F(Reminders, EditingOtherFieldsKeepsTheReminderArmed) {
  const auto reminder = in(std::chrono::seconds(3));
  const auto edited = create_task(*c, a, json::object{{"title", "Pay rent"}, {"reminder_at", reminder}});
  const auto reopened = create_task(*c, a, json::object{{"title", "Water plants"}, {"reminder_at", reminder}});
  ASSERT_EQ(c->patch(url(edited), json::object{{"title", "Pay the rent"}, {"priority", "high"}}).status, 200);
  ASSERT_EQ(c->patch(url(reopened) + "/complete", json::object{{"completed", true}}).status, 200);
  ASSERT_EQ(c->patch(url(reopened) + "/complete", json::object{{"completed", false}}).status, 200);
  ASSERT_TRUE(wait_until([&] { return notifications().size() == 2; }, std::chrono::seconds(10)));
  for (const auto& item : notifications()) {
    const auto& n = item.as_object();
    EXPECT_GE(core::parse_rfc3339(n.at("created_at").as_string()).value(), core::parse_rfc3339(reminder).value());
    if (n.at("task_id") == edited.at("id"))
      EXPECT_NE(std::string(n.at("message").as_string()).find("Pay the rent"), std::string::npos) << n;
    else
      EXPECT_EQ(n.at("task_id"), reopened.at("id"));
  }
  EXPECT_TRUE(wait_until([&] { return reminder_sent_changes(edited) == 1 && reminder_sent_changes(reopened) == 1; }));
}

TEST_F(Reminders, NotificationsApi) {
  for (int i = 0; i < 5; ++i) create_task(*c, a, json::object{{"title", "n" + std::to_string(i)}, {"reminder_at", in({})}});
  ASSERT_TRUE(wait_until([&] { return notifications().size() == 5; }));
  auto r = c->get("/api/" + a.id + "/notifications?limit=2");
  ASSERT_EQ(r.status, 200);
  auto body = r.json().as_object();
  EXPECT_EQ(body.at("items").as_array().size(), 2u);
  EXPECT_EQ(body.at("unread_count").as_int64(), 5);
  ASSERT_FALSE(body.at("next_cursor").is_null());
  // Every notification once across pages, newest first.
  std::set<std::string> seen;
  std::string cursor(body.at("next_cursor").as_string());
  for (const auto& n : body.at("items").as_array()) seen.insert(std::string(n.at("id").as_string()));
  while (!cursor.empty()) {
    body = c->get("/api/" + a.id + "/notifications?limit=2&cursor=" + cursor).json().as_object();
    for (const auto& n : body.at("items").as_array()) EXPECT_TRUE(seen.insert(std::string(n.at("id").as_string())).second);
    cursor = body.at("next_cursor").is_null() ? "" : std::string(body.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen.size(), 5u);

  const auto first = notifications().at(0).as_object();
  const std::string id(first.at("id").as_string());
  r = c->request("PATCH", "/api/" + a.id + "/notifications/" + id + "/read");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("read").as_bool(), true);
  EXPECT_EQ(notifications("?unread=true").size(), 4u);
  EXPECT_EQ(c->get("/api/" + a.id + "/notifications").json().at("unread_count").as_int64(), 4);
  r = c->request("POST", "/api/" + a.id + "/notifications/read-all");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("count").as_int64(), 4);
  EXPECT_TRUE(notifications("?unread=true").empty());
  EXPECT_EQ(c->request("POST", "/api/" + a.id + "/notifications/read-all").json().at("count").as_int64(), 0);
  EXPECT_EQ(c->del("/api/" + a.id + "/notifications/" + id).status, 204);
  EXPECT_EQ(c->del("/api/" + a.id + "/notifications/" + id).status, 404);
  EXPECT_EQ(notifications().size(), 4u);
  EXPECT_EQ(c->get("/api/" + a.id + "/notifications?unread=yes").status, 400);
  EXPECT_EQ(c->get("/api/" + a.id + "/notifications?limit=500").status, 400);
  EXPECT_EQ(c->request("PATCH", "/api/" + a.id + "/notifications/not-an-id/read").status, 404);

  // Isolation: Bob can neither see nor touch Ada's notifications.
  const auto b = sign_up("Bob");
  auto bc = client_for(b);
  const std::string other(notifications().at(0).at("id").as_string());
  EXPECT_EQ(bc.get("/api/" + a.id + "/notifications").status, 403);
  EXPECT_EQ(bc.request("PATCH", "/api/" + b.id + "/notifications/" + other + "/read").status, 404);
  EXPECT_EQ(bc.del("/api/" + b.id + "/notifications/" + other).status, 404);
  EXPECT_EQ(bc.request("POST", "/api/" + b.id + "/notifications/read-all").json().at("count").as_int64(), 0);
  EXPECT_TRUE(bc.get("/api/" + b.id + "/notifications").json().at("items").as_array().empty());
  EXPECT_EQ(notifications().size(), 4u);
}

// Reminders due while the platform is down fire once after it comes back
// (both after a clean stop and after SIGKILL), and never again after that.
TEST(RemindersRestart, DueWhileStoppedFiresOnceAfterRestart) {
  TestDatabase db;
  auto p = std::make_unique<PlatformProcess>(db.url());
  p->start();
  HttpClient c(p->port());
  const auto r = c.post("/api/auth/sign-up", json::object{{"email", "restart-reminder@example.com"}, {"password", "correct horse"}});
  ASSERT_EQ(r.status, 201);
  c.set_token(std::string(r.json().at("token").as_string()));
  const std::string user(r.json().at("user").at("id").as_string());
  const auto due = now_ms() + std::chrono::seconds(2);
  ASSERT_EQ(c.post("/api/" + user + "/tasks", json::object{{"title", "while down"}, {"reminder_at", core::format_rfc3339(due)}}).status, 201);
  ASSERT_EQ(c.post("/api/" + user + "/tasks", json::object{{"title", "while killed"}, {"reminder_at", core::format_rfc3339(due)}}).status, 201);
  db::Connection sql(db.url());
  auto count = [&] { return sql.exec("SELECT count(*) FROM notifications").front().int64(0); };
  // Wait until recurring-service has taken in both tasks (and armed their
  // reminders in the same transactions), then stop before they are due.
  ASSERT_TRUE(wait_until([&] {
    return metric(c, "events_consumed_total{subscriber=\"recurring-service\",topic=\"task-events\",outcome=\"success\"}") == 2;
  }));
  p->kill9();
  ASSERT_TRUE(wait_until([&] { return now_ms() > due + std::chrono::milliseconds(500); }));
  EXPECT_EQ(count(), 0);
  p = std::make_unique<PlatformProcess>(db.url());
  p->start();
  ASSERT_TRUE(wait_until([&] { return count() == 2; }));
  EXPECT_EQ(p->terminate(), 0);
  p = std::make_unique<PlatformProcess>(db.url());
  p->start();
  HttpClient c2(p->port());
  ASSERT_EQ(c2.get("/readyz").status, 200);
  // A fresh reminder fires; the old ones do not fire again.
  c2.set_token(std::string(r.json().at("token").as_string()));
  ASSERT_EQ(c2.post("/api/" + user + "/tasks", json::object{{"title", "fresh"}, {"reminder_at", core::format_rfc3339(now_ms())}}).status, 201);
  ASSERT_TRUE(wait_until([&] { return count() == 3; }));
  // Each reminder fired once: one notification each, and each marked its task.
  EXPECT_TRUE(wait_until([&] {
    const auto list = c2.get("/api/" + user + "/tasks").json().at("items").as_array();
    return list.size() == 3 &&
           std::all_of(list.begin(), list.end(), [](const json::value& t) { return t.at("reminder_sent").as_bool(); });
  }));
  const auto n = c2.get("/api/" + user + "/notifications").json();
  EXPECT_EQ(n.at("items").as_array().size(), 3u);
}

// recurring-service alone on its real tables, behind fake ports that record
// what it publishes, arms and cancels.
struct RecurringAlone {
  TestDatabase db;
  db::Pool pool{db.url(), 4};
  runtime::SystemClock clock;
  FakeEventBus bus;
  FakeScheduler scheduler;
  FakeInvoker invoker;
  FakeStateStore state{[this] { return clock.now(); }};
  auth::JwtCodec jwt{kTestJwtSecret};
  services::ServiceContext ctx{pool, bus, jwt, clock, invoker, scheduler, state};
  services::recurring::RecurringService recurring{ctx, {std::chrono::seconds(60), std::chrono::seconds(0)}};

  RecurringAlone() {
    db::migrate(*pool.acquire(), db::embedded_migrations());
    recurring.subscribe(bus);
    recurring.register_jobs(scheduler);
  }
};

// The safety sweep fires a reminder whose job was lost, once, and never a
// reminder that already fired.
TEST(ReminderSweep, FiresLostJobsOnceAndNeverDuplicates) {
  RecurringAlone r;
  auto& bus = r.bus;
  auto& scheduler = r.scheduler;
  auto& recurring = r.recurring;
  EXPECT_EQ(scheduler.periodic().at("reminder-sweep"), std::chrono::seconds(60));
  const auto user = core::new_uuid();
  auto task_event = [&](const std::string& id, core::Instant at) {
    core::Task t;
    t.id = id;
    t.user_id = user;
    t.title = "lost " + id.substr(0, 4);
    t.reminder_at = at;
    t.created_at = t.updated_at = at;
    return core::TaskChanged::make(core::event_types::kTaskCreated, t, {"todo-api", "", ""}, at);
  };
  const auto lost = core::new_uuid();
  const auto fired = core::new_uuid();
  const auto past = now_ms() - std::chrono::minutes(5);
  ASSERT_EQ(bus.deliver(core::topics::kTaskEvents, task_event(lost, past)), runtime::Delivery::Success);
  ASSERT_EQ(bus.deliver(core::topics::kTaskEvents, task_event(fired, past)), runtime::Delivery::Success);
  // Both jobs are armed in the consume transactions; one of them gets lost.
  int armed = 0;
  for (const auto& call : scheduler.calls()) armed += call.op == "schedule" && call.transactional;
  ASSERT_EQ(armed, 2);
  auto job = [&](const std::string& id, int version) {
    return runtime::Job{"reminder-" + id, past,
                        json::object{{"task_id", id}, {"reminder_at", core::format_rfc3339(past)}, {"version", version}}};
  };
  auto sweep = [&] { return scheduler.fire(runtime::Job{"reminder-sweep", past, json::object{}}); };
  auto reminders = [&] {
    int n = 0;
    for (const auto& p : bus.published()) n += p.event.type == core::event_types::kReminderDue;
    return n;
  };
  EXPECT_EQ(scheduler.fire(job(fired, 1)), runtime::JobOutcome::Success);
  EXPECT_EQ(reminders(), 1);
  EXPECT_EQ(sweep(), runtime::JobOutcome::Success);  // fires the lost one
  EXPECT_EQ(reminders(), 2);
  EXPECT_EQ(recurring.firing().sweep(), 0);  // nothing twice
  EXPECT_EQ(reminders(), 2);
  // A late job for the lost reminder finds it fired.
  EXPECT_EQ(scheduler.fire(job(lost, 1)), runtime::JobOutcome::Success);
  EXPECT_EQ(reminders(), 2);
  // A job for a change not visible yet (newer version) asks to be retried.
  EXPECT_EQ(scheduler.fire(job(lost, 7)), runtime::JobOutcome::Failure);
  // The reminder names its task and is correlated with the change that armed it.
  const auto first = bus.published().front().event;
  const auto due = core::ReminderDue::parse(first);
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(due->task_id, fired);
  EXPECT_FALSE(due->header.correlation_id.empty());
}

// Beside Dapr each arm or cancel is a Jobs API call through the sidecar:
// only the changes that can move a task's reminder job touch it.
TEST(ReminderJobs, OnlyChangesThatMoveTheReminderCallTheScheduler) {
  RecurringAlone r;
  core::Task t;
  t.id = core::new_uuid();
  t.user_id = core::new_uuid();
  t.title = "Pay rent";
  t.created_at = t.updated_at = now_ms();
  t.due_date = now_ms() + std::chrono::hours(48);
  auto deliver = [&](std::string_view type, std::vector<core::FieldChange> changes = {}) {
    ++t.version;
    const auto event = core::TaskChanged::make(type, t, {"todo-api", "", ""}, now_ms(), &changes);
    ASSERT_EQ(r.bus.deliver(core::topics::kTaskEvents, event), runtime::Delivery::Success) << type;
  };
  auto ops = [&] {
    std::string out;
    for (const auto& call : r.scheduler.calls())
      if (call.name == "reminder-" + t.id) out += (out.empty() ? "" : " ") + call.op;
    return out;
  };
  deliver(core::event_types::kTaskCreated);
  EXPECT_EQ(ops(), "") << "a task created without a reminder";
  t.title = "Pay the rent";
  deliver(core::event_types::kTaskUpdated, {{"title", "Pay rent", "Pay the rent"}});
  EXPECT_EQ(ops(), "") << "a title edited";
  const auto at = now_ms() + std::chrono::hours(24);
  t.reminder_at = at;
  deliver(core::event_types::kTaskUpdated, {{"reminder_at", nullptr, json::value(core::format_rfc3339(at))}});
  EXPECT_EQ(ops(), "schedule") << "a reminder added";
  t.priority = core::Priority::High;
  deliver(core::event_types::kTaskUpdated, {{"priority", "medium", "high"}});
  EXPECT_EQ(ops(), "schedule") << "an edit that leaves the reminder";
  t.completed = true;
  deliver(core::event_types::kTaskCompleted);
  EXPECT_EQ(ops(), "schedule cancel") << "completed";
  t.completed = false;
  deliver(core::event_types::kTaskReopened);
  EXPECT_EQ(ops(), "schedule cancel schedule") << "reopened";
  t.reminder_at.reset();
  deliver(core::event_types::kTaskUpdated, {{"reminder_at", json::value(core::format_rfc3339(at)), nullptr}});
  EXPECT_EQ(ops(), "schedule cancel schedule cancel") << "the reminder removed";
  deliver(core::event_types::kTaskDeleted);
  EXPECT_EQ(ops(), "schedule cancel schedule cancel") << "deleted without a reminder";
}

}  // namespace todo::test
