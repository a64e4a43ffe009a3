// The trash over real HTTP against real PostgreSQL (DESIGN §3.8): DELETE
// moves a task to the trash, where every route but the trash list and
// restore loses it; restore brings it back with a new version and
// task.restored (audited, live), re-arming a reminder that has not fired;
// after 30 days it cannot be restored and the hourly housekeeping deletes
// it for good without an event.
#include <boost/json.hpp>
#include <set>

#include "api_fixture.h"
#include "core/time.h"
#include "core/uuid.h"
#include "db/connection.h"
#include "json_answers.h"
#include "event_observation.h"

namespace todo::test {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

core::Instant now_ms() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }
std::string in(std::chrono::milliseconds d) { return core::format_rfc3339(now_ms() + d); }

}  // namespace

class Trash : public ApiTest {
 protected:
  void SetUp() override {
    a = sign_up("Ada");
    c = std::make_unique<HttpClient>(client_for(a));
  }
  std::string url(const json::object& t) const { return tasks_url(a) + "/" + str(t.at("id")); }
  json::object get(const std::string& target) { return get_json(*c, target); }
  std::vector<std::string> ids(const std::string& query) { return item_ids(*c, tasks_url(a) + query); }
  HttpResult restore(const json::object& t, const HeaderList& h = {}) { return c->request("POST", url(t) + "/restore", "", h); }
  // The user's notifications for `t`.
  size_t notifications_for(const json::object& t) {
    size_t n = 0;
    const auto page = get("/api/" + a.id + "/notifications?limit=200");
    for (const auto& item : page.at("items").as_array())
      n += item.at("task_id") == t.at("id");
    return n;
  }

  Account a;
  std::unique_ptr<HttpClient> c;
};

TEST_F(Trash, ADeletedTaskIsGoneFromEveryRouteButTheTrash) {
  const auto kept = create_task(*c, a, json::object{{"title", "kept"}, {"tags", json::array{"home"}}});
  const auto t = create_task(*c, a, json::object{{"title", "trashed"},
                                                 {"tags", json::array{"home", "bills"}},
                                                 {"due_date", "2020-01-01T00:00:00Z"}});
  const auto done = create_task(*c, a, json::object{{"title", "done then trashed"}});
  ASSERT_EQ(c->patch(url(done) + "/complete", json::object{{"completed", true}}).status, 200);
  EXPECT_EQ(get("/api/" + a.id + "/stats"), (json::object{{"total", 3}, {"pending", 2}, {"completed", 1}, {"overdue", 1}}));

  const auto r = c->del(url(t));
  ASSERT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  ASSERT_EQ(c->del(url(done)).status, 204);
  // Every route of a task: 404, as for an unknown id.
  EXPECT_EQ(c->get(url(t)).status, 404);
  EXPECT_EQ(error_code(c->get(url(t))), "not_found");
  EXPECT_EQ(c->patch(url(t), json::object{{"title", "x"}}).status, 404);
  EXPECT_EQ(c->put(url(t), json::object{{"title", "x"}}).status, 404);
  EXPECT_EQ(c->request("PATCH", url(t) + "/complete").status, 404);
  EXPECT_EQ(c->del(url(t)).status, 404);  // not twice
  EXPECT_EQ(c->del(url(t), {{"If-Match", "*"}}).status, 404);
  // Every list, filter, count and tag: without it.
  const std::string kept_id = str(kept.at("id"));
  for (const auto* q : {"", "?status=all", "?status=pending", "?tag=bills", "?tag=home", "?q=trashed",
                        "?overdue=true", "?project=inbox", "?sort=due_date&order=asc"}) {
    const auto got = ids(q);
    EXPECT_TRUE(got.empty() || got == std::vector<std::string>{kept_id}) << q;
  }
  EXPECT_TRUE(ids("?status=completed").empty());
  EXPECT_EQ(get("/api/" + a.id + "/stats"), (json::object{{"total", 1}, {"pending", 1}, {"completed", 0}, {"overdue", 0}}));
  EXPECT_EQ(get("/api/" + a.id + "/tags"),
            (json::object{{"items", json::array{json::object{{"tag", "home"}, {"count", 1}}}}}));
  // The trash lists both, newest first, each with deleted_at and its status as it was.
  const auto trash = get(tasks_url(a) + "?status=deleted").at("items").as_array();
  ASSERT_EQ(trash.size(), 2u);
  EXPECT_EQ(trash[0].at("id"), done.at("id"));
  EXPECT_EQ(trash[0].at("status").as_string(), "completed");
  EXPECT_EQ(trash[1].at("id"), t.at("id"));
  EXPECT_EQ(trash[1].at("status").as_string(), "pending");
  for (const auto& item : trash) {
    ASSERT_TRUE(item.at("deleted_at").is_string());
    EXPECT_TRUE(core::parse_rfc3339(item.at("deleted_at").as_string()));
    EXPECT_EQ(item.at("deleted_at"), item.at("updated_at"));
  }
  EXPECT_EQ(trash[1].at("version").as_int64(), t.at("version").as_int64() + 1);  // trashing is a change
  // The trash filters like any list.
  EXPECT_EQ(ids("?status=deleted&tag=bills"), std::vector<std::string>{str(t.at("id"))});
  EXPECT_EQ(ids("?status=deleted&limit=1").size(), 1u);
  // task.deleted as today: the task as it was, not in the trash.
  ASSERT_TRUE(settled(port()));
  const auto deleted = audit_entries(*c, a, "&event_type=task.deleted&task_id=" + str(t.at("id")));
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].at("data").at("task"), t);
}

TEST_F(Trash, RestoreBringsItBackWithANewVersionAndItsEvent) {
  const auto t = create_task(*c, a, json::object{{"title", "oops"}, {"tags", json::array{"x"}}});
  ASSERT_EQ(c->del(url(t)).status, 204);
  ASSERT_TRUE(settled(port()));
  WsClient ws(port(), "/ws?token=" + a.token);
  ASSERT_TRUE(ws.next_frame());  // hello
  const auto trashed = get(tasks_url(a) + "?status=deleted").at("items").as_array().at(0).as_object();
  // If-Match names the version in the trash.
  EXPECT_EQ(restore(t, {{"If-Match", "\"1\""}}).status, 412);
  const auto r = restore(t, {{"If-Match", "\"2\""}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto back = r.json().as_object();
  EXPECT_EQ(r.header("ETag"), "\"3\"");
  EXPECT_EQ(back.at("version").as_int64(), 3);
  EXPECT_TRUE(back.at("deleted_at").is_null());
  EXPECT_EQ(back.at("title"), t.at("title"));
  EXPECT_EQ(back.at("status").as_string(), "pending");
  EXPECT_GE(core::parse_rfc3339(back.at("updated_at").as_string()), core::parse_rfc3339(trashed.at("updated_at").as_string()));
  EXPECT_EQ(get(url(t)), back);
  EXPECT_EQ(ids(""), std::vector<std::string>{str(t.at("id"))});
  EXPECT_TRUE(ids("?status=deleted").empty());
  EXPECT_EQ(get("/api/" + a.id + "/tags").at("items").as_array().size(), 1u);
  // Not in the trash (any more): 409.
  const auto again = restore(t);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(error_code(again), "conflict");
  // Live and audited as task.restored.
  const auto frame = next_event_frame(ws);
  ASSERT_FALSE(frame.empty());
  EXPECT_EQ(frame.at("type").as_string(), "task.restored");
  EXPECT_EQ(frame.at("task"), back);
  ASSERT_TRUE(settled(port()));
  EXPECT_EQ(audited_types(*c, a), (std::vector<std::string>{"task.created", "task.deleted", "task.restored"}));
  const auto restored = audit_entries(*c, a, "&event_type=task.restored");
  ASSERT_EQ(restored.size(), 1u);
  EXPECT_EQ(restored[0].at("task_id"), t.at("id"));
  EXPECT_EQ(restored[0].at("data").at("task"), back);
  EXPECT_EQ(restored[0].at("event_id"), frame.at("event_id"));
  // Deleted and restored again: it keeps working.
  ASSERT_EQ(c->del(url(t)).status, 204);
  ASSERT_EQ(restore(t).status, 200);
  EXPECT_EQ(get(url(t)).at("version").as_int64(), 5);
}

TEST_F(Trash, RestoreOfUnknownOrAnotherUsersTaskIs404) {
  EXPECT_EQ(c->request("POST", tasks_url(a) + "/" + core::new_uuid() + "/restore").status, 404);
  EXPECT_EQ(c->request("POST", tasks_url(a) + "/not-a-uuid/restore").status, 404);
  const auto t = create_task(*c, a, json::object{{"title", "A's"}});
  ASSERT_EQ(c->del(url(t)).status, 204);
  const auto b = sign_up("Bob");
  auto bc = client_for(b);
  const auto on_b = bc.request("POST", tasks_url(b) + "/" + str(t.at("id")) + "/restore");
  EXPECT_EQ(on_b.status, 404);
  EXPECT_EQ(error_code(on_b), "not_found");
  EXPECT_EQ(bc.request("POST", url(t) + "/restore").status, 403);
  EXPECT_TRUE(bc.get(tasks_url(b) + "?status=deleted").json().at("items").as_array().empty());
  EXPECT_EQ(ids("?status=deleted"), std::vector<std::string>{str(t.at("id"))});  // still A's, still trashed
  EXPECT_EQ(c->get(tasks_url(a) + "?status=trash").status, 400);
}

// Thirty days after its deletion a task cannot be restored and is no longer
// listed, whether or not the purge has run; the hourly housekeeping then
// deletes it for good, and publishes nothing.
TEST_F(Trash, AfterThirtyDaysItIsGoneForGoodWithoutAnEvent) {
  const auto old = create_task(*c, a, json::object{{"title", "31 days in the trash"}});
  const auto recent = create_task(*c, a, json::object{{"title", "29 days in the trash"}});
  ASSERT_EQ(c->del(url(old)).status, 204);
  ASSERT_EQ(c->del(url(recent)).status, 204);
  db::Connection sql(database().url());
  sql.exec("UPDATE tasks SET deleted_at = now() - interval '31 days' WHERE id = $1", db::Params(str(old.at("id"))));
  sql.exec("UPDATE tasks SET deleted_at = now() - interval '29 days' WHERE id = $1", db::Params(str(recent.at("id"))));
  EXPECT_EQ(ids("?status=deleted"), std::vector<std::string>{str(recent.at("id"))});
  EXPECT_EQ(restore(old).status, 404);
  ASSERT_TRUE(settled(port()));
  const auto audited = audit_entries(*c, a).size();

  // Run the housekeeping now instead of within the hour.
  sql.exec("UPDATE scheduled_jobs SET due_at = now() WHERE name = 'todo-api-housekeeping'");
  sql.exec("NOTIFY todo_jobs");
  auto rows = [&](const json::object& t) {
    return sql.exec("SELECT count(*) FROM tasks WHERE id = $1", db::Params(str(t.at("id")))).front().int64(0);
  };
  ASSERT_TRUE(wait_until([&] { return rows(old) == 0; }, 15s)) << "the housekeeping did not purge the old task";
  EXPECT_EQ(rows(recent), 1);
  EXPECT_EQ(restore(old).status, 404);
  const auto back = restore(recent);
  ASSERT_EQ(back.status, 200) << back.body;
  ASSERT_TRUE(settled(port()));
  // The purge published nothing: the only new entry is the restore's.
  const auto entries = audit_entries(*c, a);
  EXPECT_EQ(entries.size(), audited + 1);
  EXPECT_EQ(entries.front().at("event_type").as_string(), "task.restored");
}

// A reminder is cancelled by the deletion. Restored after its time it fires
// at once; one that had fired before the deletion does not fire again.
TEST_F(Trash, RestoreReArmsAReminderThatHasNotFired) {
  const auto t = create_task(*c, a, json::object{{"title", "Call the bank"}, {"reminder_at", in(2s)}});
  const auto barrier = create_task(*c, a, json::object{{"title", "barrier"}, {"reminder_at", in(3s)}});
  ASSERT_EQ(c->del(url(t)).status, 204);
  // The barrier fires after t's time: t, in the trash, did not.
  ASSERT_TRUE(wait_until([&] { return notifications_for(barrier) == 1; }, 10s));
  EXPECT_EQ(notifications_for(t), 0u);
  ASSERT_TRUE(core::parse_rfc3339(str(t.at("reminder_at"))) < now_ms());
  const auto r = restore(t);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json().at("reminder_sent").as_bool());
  // Past its time: it fires at once, once, and the task records it.
  ASSERT_TRUE(wait_until([&] { return notifications_for(t) == 1; }, 10s)) << "the restored reminder did not fire";
  ASSERT_TRUE(wait_until([&] { return get(url(t)).at("reminder_sent").as_bool(); }));

  // Fired, trashed, restored: no second notification.
  ASSERT_EQ(c->del(url(t)).status, 204);
  ASSERT_EQ(restore(t).status, 200);
  const auto barrier2 = create_task(*c, a, json::object{{"title", "barrier 2"}, {"reminder_at", in(0ms)}});
  ASSERT_TRUE(wait_until([&] { return notifications_for(barrier2) == 1; }, 10s));
  ASSERT_TRUE(settled(port()));
  EXPECT_EQ(notifications_for(t), 1u);
}

// A reminder still ahead when the task is restored fires at its time, not before.
TEST_F(Trash, RestoreBeforeTheReminderKeepsItsTime) {
  const auto reminder_at = now_ms() + 2s;
  const auto t = create_task(*c, a, json::object{{"title", "later"}, {"reminder_at", core::format_rfc3339(reminder_at)}});
  ASSERT_EQ(c->del(url(t)).status, 204);
  ASSERT_EQ(restore(t).status, 200);
  ASSERT_TRUE(wait_until([&] { return notifications_for(t) == 1; }, 10s));
  const auto n = get("/api/" + a.id + "/notifications").at("items").as_array().at(0);
  EXPECT_GE(core::parse_rfc3339(n.at("created_at").as_string()).value(), reminder_at);
}

}  // namespace todo::test
