// Projects over real HTTP against real PostgreSQL (DESIGN §3.8 and the
// decisions that complete it): the resource, its rules and status codes,
// positions, counts, tasks filed in projects, deleting a project (its tasks
// to the inbox or to the trash), and the project events as audit entries
// and WebSocket frames.
#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "api_fixture.h"
#include "core/time.h"
#include "core/uuid.h"
#include "json_answers.h"
#include "event_observation.h"

namespace todo::test {
namespace json = boost::json;

class Projects : public ApiTest {
 protected:
  void SetUp() override {
    a = sign_up("Ada");
    c = std::make_unique<HttpClient>(client_for(a));
  }
  std::string projects() const { return "/api/" + a.id + "/projects"; }
  std::string url(const json::object& p) const { return projects() + "/" + str(p.at("id")); }
  std::string task_url(const json::object& t) const { return tasks_url(a) + "/" + str(t.at("id")); }
  json::object create_project(const json::object& body) {
    const auto r = c->post(projects(), body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().as_object() : json::object{};
  }
  json::array list() {
    const auto r = c->get(projects());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("items").as_array();
  }
  // name -> position, in list order
  std::vector<std::pair<std::string, int64_t>> order() {
    std::vector<std::pair<std::string, int64_t>> out;
    for (const auto& p : list()) out.emplace_back(str(p.at("name")), p.at("position").as_int64());
    return out;
  }
  json::object get(const std::string& target) { return get_json(*c, target); }
  std::vector<std::string> task_ids(const std::string& query) { return item_ids(*c, tasks_url(a) + query); }

  Account a;
  std::unique_ptr<HttpClient> c;
};

TEST_F(Projects, CreateAnswersTheResourceWithLocationAndETag) {
  const auto r = c->post(projects(), json::object{{"name", "  Home  "}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto p = r.json().as_object();
  EXPECT_EQ(r.header("Location"), url(p));
  EXPECT_EQ(r.header("ETag"), "\"1\"");
  EXPECT_TRUE(core::is_uuid(p.at("id").as_string()));
  EXPECT_EQ(p.at("user_id").as_string(), a.id);
  EXPECT_EQ(p.at("name").as_string(), "Home");  // trimmed
  EXPECT_EQ(p.at("color").as_string(), "grey");  // the default
  EXPECT_EQ(p.at("position").as_int64(), 0);
  EXPECT_EQ(p.at("task_count").as_int64(), 0);
  EXPECT_EQ(p.at("pending_count").as_int64(), 0);
  EXPECT_EQ(p.at("version").as_int64(), 1);
  EXPECT_EQ(p.at("created_at"), p.at("updated_at"));
  EXPECT_TRUE(core::parse_rfc3339(p.at("created_at").as_string()));
  EXPECT_EQ(p.size(), 10u);
  // GET answers the same, with its ETag.
  const auto g = c->get(url(p));
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.json(), json::value(p));
  EXPECT_EQ(g.header("ETag"), "\"1\"");
  EXPECT_EQ(c->request("HEAD", url(p)).status, 200);
}

TEST_F(Projects, ListIsOrderedByPositionNewProjectsGoLast) {
  EXPECT_EQ(get(projects()), (json::object{{"items", json::array{}}}));
  create_project({{"name", "Home"}, {"color", "Teal"}});
  create_project({{"name", "Work"}, {"color", nullptr}});
  create_project({{"name", "Errands"}, {"color", "PINK"}});
  const auto items = list();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(order(), (std::vector<std::pair<std::string, int64_t>>{{"Home", 0}, {"Work", 1}, {"Errands", 2}}));
  EXPECT_EQ(items[0].at("color").as_string(), "teal");  // palette names, case-insensitively
  EXPECT_EQ(items[1].at("color").as_string(), "grey");  // null = the default
  EXPECT_EQ(items[2].at("color").as_string(), "pink");
  EXPECT_EQ(c->get(projects() + "?limit=5").status, 400);  // the list takes no parameters
}

TEST_F(Projects, BrokenBodiesAre422ListingEveryField) {
  const auto r = c->post(projects(), json::object{{"name", ""},
                                                  {"color", "mauve"},
                                                  {"position", 0},
                                                  {"task_count", 5},
                                                  {"owner", "me"}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_code(r), "validation_failed");
  EXPECT_EQ(problem_fields(r), (std::set<std::string>{"name", "color", "position", "task_count", "owner"}));
  EXPECT_EQ(problem_fields(c->post(projects(), json::object{})), std::set<std::string>{"name"});
  EXPECT_EQ(problem_fields(c->post(projects(), json::object{{"name", std::string(101, 'x')}})),
            std::set<std::string>{"name"});
  EXPECT_EQ(c->post(projects(), json::object{{"name", std::string(100, 'x')}}).status, 201);
  EXPECT_EQ(c->post(projects(), json::array{}).status, 422);
  EXPECT_EQ(c->request("POST", projects(), "{", {}).status, 400);
  EXPECT_EQ(c->request("POST", projects(), "name=x", {{"Content-Type", "text/plain"}}).status, 415);
  const auto p = create_project({{"name", "Home"}});
  EXPECT_EQ(problem_fields(c->patch(url(p), json::object{{"position", -1}, {"name", nullptr}, {"id", "x"}})),
            (std::set<std::string>{"position", "name", "id"}));
  EXPECT_EQ(c->patch(url(p), json::object{{"position", "1"}}).status, 422);
  EXPECT_EQ(get(url(p)).at("version").as_int64(), 1);  // nothing written
}

TEST_F(Projects, NamesAreUniquePerUserCaseInsensitively) {
  const auto home = create_project({{"name", "Home"}});
  const auto work = create_project({{"name", "Work"}});
  for (const auto* name : {"home", "HOME", " Home "}) {
    const auto r = c->post(projects(), json::object{{"name", name}});
    EXPECT_EQ(r.status, 409) << name;
    EXPECT_EQ(error_code(r), "conflict");
    EXPECT_EQ(problem_fields(r), std::set<std::string>{"name"});
  }
  EXPECT_EQ(c->patch(url(work), json::object{{"name", "hOmE"}}).status, 409);
  // The project's own name in another case is a rename, not a conflict.
  const auto renamed = c->patch(url(home), json::object{{"name", "HOME"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("name").as_string(), "HOME");
  // Another user may have the same name.
  const auto b = sign_up("Bob");
  auto bc = client_for(b);
  EXPECT_EQ(bc.post("/api/" + b.id + "/projects", json::object{{"name", "Home"}}).status, 201);
}

TEST_F(Projects, AtMost200PerUser) {
  for (int i = 0; i < 200; ++i) {
    const auto r = c->post(projects(), json::object{{"name", "p" + std::to_string(i)}});
    ASSERT_EQ(r.status, 201) << i << ": " << r.body;
  }
  const auto refused = c->post(projects(), json::object{{"name", "one too many"}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(error_code(refused), "conflict");
  const auto items = list();
  ASSERT_EQ(items.size(), 200u);
  EXPECT_EQ(items.back().at("position").as_int64(), 199);
  ASSERT_EQ(c->del(url(items.front().as_object())).status, 204);
  const auto again = c->post(projects(), json::object{{"name", "one too many"}});
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(again.json().at("position").as_int64(), 199);  // last, after the gap closed
}

TEST_F(Projects, MovingShiftsNeighboursWithoutEventsOrVersions) {
  for (const auto* n : {"A", "B", "C", "D"}) create_project({{"name", n}});
  std::map<std::string, json::object> by_name;
  for (const auto& p : list()) by_name[str(p.at("name"))] = p.as_object();
  auto moved = c->patch(url(by_name["A"]), json::object{{"position", 2}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("position").as_int64(), 2);
  EXPECT_EQ(moved.json().at("version").as_int64(), 2);
  EXPECT_EQ(order(), (std::vector<std::pair<std::string, int64_t>>{{"B", 0}, {"C", 1}, {"A", 2}, {"D", 3}}));
  ASSERT_EQ(c->patch(url(by_name["D"]), json::object{{"position", 0}}).status, 200);
  EXPECT_EQ(order(), (std::vector<std::pair<std::string, int64_t>>{{"D", 0}, {"B", 1}, {"C", 2}, {"A", 3}}));
  // Past the end is last.
  moved = c->patch(url(by_name["B"]), json::object{{"position", 1000000}});
  ASSERT_EQ(moved.status, 200);
  EXPECT_EQ(moved.json().at("position").as_int64(), 3);
  EXPECT_EQ(order(), (std::vector<std::pair<std::string, int64_t>>{{"D", 0}, {"C", 1}, {"A", 2}, {"B", 3}}));
  // To where it is: no change, no version, no event.
  const auto same = c->patch(url(by_name["B"]), json::object{{"position", 3}});
  EXPECT_EQ(same.json().at("version").as_int64(), moved.json().at("version").as_int64());
  // C was shifted twice and never moved itself: still version 1.
  EXPECT_EQ(get(url(by_name["C"])).at("version").as_int64(), 1);
  // Events: 4 created, and one project.updated per move, with the position change.
  ASSERT_TRUE(settled(port()));
  const auto updates = audit_entries(*c, a, "&event_type=project.updated");
  ASSERT_EQ(updates.size(), 3u);
  EXPECT_EQ(updates.back().at("data").at("changes"),
            (json::object{{"position", json::object{{"from", 0}, {"to", 2}}}}));
  EXPECT_EQ(updates.front().at("data").at("changes"),
            (json::object{{"position", json::object{{"from", 1}, {"to", 3}}}}));
  EXPECT_EQ(audit_entries(*c, a).size(), 7u);
}

TEST_F(Projects, PatchHonoursIfMatchAndChangesNothingWhenNothingDiffers) {
  const auto p = create_project({{"name", "Home"}, {"color", "red"}});
  const auto stale = c->patch(url(p), json::object{{"name", "House"}}, {{"If-Match", "\"7\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(error_code(stale), "precondition_failed");
  const auto ok = c->patch(url(p), json::object{{"name", "House"}, {"color", "Blue"}}, {{"If-Match", "\"1\""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.header("ETag"), "\"2\"");
  EXPECT_EQ(ok.json().at("name").as_string(), "House");
  EXPECT_EQ(ok.json().at("color").as_string(), "blue");
  EXPECT_NE(ok.json().at("updated_at"), p.at("updated_at"));
  const auto noop = c->patch(url(p), json::object{{"name", "House"}, {"color", "blue"}});
  ASSERT_EQ(noop.status, 200);
  EXPECT_EQ(noop.json(), ok.json());
  const auto cleared = c->patch(url(p), json::object{{"color", nullptr}});
  EXPECT_EQ(cleared.json().at("color").as_string(), "grey");
  ASSERT_TRUE(settled(port()));
  EXPECT_EQ(audited_types(*c, a), (std::vector<std::string>{"project.created", "project.updated", "project.updated"}));
  // PUT is not a method of projects.
  const auto put = c->put(url(p), json::object{{"name", "x"}});
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(error_code(put), "method_not_allowed");
  EXPECT_EQ(put.header("Allow"), "GET, HEAD, PATCH, DELETE");
  EXPECT_EQ(c->put(projects(), json::object{}).status, 405);
}

TEST_F(Projects, UnknownAndMalformedIdsAre404) {
  for (const auto& id : {core::new_uuid(), std::string("not-a-uuid")}) {
    const auto target = projects() + "/" + id;
    EXPECT_EQ(c->get(target).status, 404) << id;
    EXPECT_EQ(error_code(c->get(target)), "not_found");
    EXPECT_EQ(c->patch(target, json::object{{"name", "x"}}).status, 404);
    EXPECT_EQ(c->del(target).status, 404);
  }
}

TEST_F(Projects, CountsArePendingAndCompletedNeverTrashed) {
  const auto p = create_project({{"name", "Home"}});
  const auto pid = str(p.at("id"));
  std::vector<json::object> tasks;
  for (int i = 0; i < 4; ++i)
    tasks.push_back(create_task(*c, a, json::object{{"title", "t" + std::to_string(i)}, {"project_id", pid}}));
  create_task(*c, a, json::object{{"title", "in the inbox"}});
  ASSERT_EQ(c->patch(task_url(tasks[1]) + "/complete", json::object{{"completed", true}}).status, 200);
  ASSERT_EQ(c->del(task_url(tasks[2])).status, 204);  // pending, trashed
  ASSERT_EQ(c->patch(task_url(tasks[3]) + "/complete", json::object{{"completed", true}}).status, 200);
  ASSERT_EQ(c->del(task_url(tasks[3])).status, 204);  // completed, trashed
  auto got = get(url(p));
  EXPECT_EQ(got.at("task_count").as_int64(), 2);
  EXPECT_EQ(got.at("pending_count").as_int64(), 1);
  EXPECT_EQ(list().at(0).at("task_count").as_int64(), 2);
  // Counts are not a change of the project: no version, no event.
  EXPECT_EQ(got.at("version").as_int64(), 1);
  ASSERT_EQ(c->post(task_url(tasks[2]) + "/restore", json::object{}).status, 200);
  got = get(url(p));
  EXPECT_EQ(got.at("task_count").as_int64(), 3);
  EXPECT_EQ(got.at("pending_count").as_int64(), 2);
}

TEST_F(Projects, TasksAreFiledOnlyInTheUsersOwnProjects) {
  const auto p = create_project({{"name", "Home"}});
  const auto pid = str(p.at("id"));
  const auto b = sign_up("Bob");
  auto bc = client_for(b);
  const auto theirs = bc.post("/api/" + b.id + "/projects", json::object{{"name", "Bob's"}}).json();
  // Filed at creation.
  const auto t = create_task(*c, a, json::object{{"title", "fix sink"}, {"project_id", pid}});
  EXPECT_EQ(t.at("project_id").as_string(), pid);
  EXPECT_EQ(get(task_url(t)).at("project_id").as_string(), pid);
  // Not a project of this user, not a uuid: 422 on project_id, nothing created.
  for (const json::value& bad : {json::value(str(theirs.at("id"))), json::value(core::new_uuid()), json::value("home"),
                                json::value(3)}) {
    const auto r = c->post(tasks_url(a), json::object{{"title", "x"}, {"project_id", bad}});
    EXPECT_EQ(r.status, 422) << json::serialize(bad) << ": " << r.body;
    EXPECT_EQ(problem_fields(r), std::set<std::string>{"project_id"});
    EXPECT_EQ(c->patch(task_url(t), json::object{{"project_id", bad}}).status, 422);
  }
  EXPECT_EQ(task_ids("").size(), 1u);
  // Moved to the inbox and back: task.updated with changes.project_id each time.
  auto r = c->patch(task_url(t), json::object{{"project_id", nullptr}});
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.json().at("project_id").is_null());
  r = c->patch(task_url(t), json::object{{"project_id", pid}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("version").as_int64(), 3);
  ASSERT_TRUE(settled(port()));
  const auto updates = audit_entries(*c, a, "&event_type=task.updated");
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].at("data").at("changes"),
            (json::object{{"project_id", json::object{{"from", nullptr}, {"to", pid}}}}));
  EXPECT_EQ(updates[1].at("data").at("changes"),
            (json::object{{"project_id", json::object{{"from", pid}, {"to", nullptr}}}}));
  EXPECT_EQ(updates[0].at("data").at("task").at("project_id").as_string(), pid);
}

TEST_F(Projects, ListFilterByProjectOrInbox) {
  const auto home = create_project({{"name", "Home"}});
  const auto work = create_project({{"name", "Work"}});
  const auto h1 = create_task(*c, a, json::object{{"title", "h1"}, {"project_id", home.at("id")}});
  const auto h2 = create_task(*c, a, json::object{{"title", "h2"}, {"project_id", home.at("id")}});
  const auto w1 = create_task(*c, a, json::object{{"title", "w1"}, {"project_id", work.at("id")}});
  const auto i1 = create_task(*c, a, json::object{{"title", "i1"}});
  EXPECT_EQ(task_ids("?project=" + str(home.at("id")) + "&sort=title&order=asc"),
            (std::vector<std::string>{str(h1.at("id")), str(h2.at("id"))}));
  EXPECT_EQ(task_ids("?project=" + str(work.at("id"))), std::vector<std::string>{str(w1.at("id"))});
  EXPECT_EQ(task_ids("?project=inbox"), std::vector<std::string>{str(i1.at("id"))});
  EXPECT_EQ(task_ids("?project=inbox&status=completed"), std::vector<std::string>{});
  EXPECT_EQ(task_ids("").size(), 4u);
  // A uuid of no project of the user: nothing, not an error.
  EXPECT_EQ(get(tasks_url(a) + "?project=" + core::new_uuid()), (json::object{{"items", json::array{}}, {"next_cursor", nullptr}}));
  for (const auto* bad : {"home", "Inbox", "", "1"}) {
    const auto r = c->get(tasks_url(a) + "?project=" + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(error_code(r), "bad_request");
  }
}

TEST_F(Projects, DeletingMovesLiveTasksToTheInboxWithEventsFirst) {
  // Connected first: a frame goes to the connections open when its event is
  // delivered, which may be after the request that caused it has answered.
  WsClient ws(port(), "/ws?token=" + a.token);
  ASSERT_TRUE(ws.next_frame());  // hello
  const auto keep = create_project({{"name", "Keep"}});
  const auto p = create_project({{"name", "Gone"}});
  const auto last = create_project({{"name", "Last"}});
  const auto pid = str(p.at("id"));
  const auto t1 = create_task(*c, a, json::object{{"title", "one"}, {"project_id", pid}});
  const auto t2 = create_task(*c, a, json::object{{"title", "two"}, {"project_id", pid}});
  ASSERT_EQ(c->patch(task_url(t2) + "/complete", json::object{{"completed", true}}).status, 200);
  const auto trashed = create_task(*c, a, json::object{{"title", "trashed"}, {"project_id", pid}});
  ASSERT_EQ(c->del(task_url(trashed)).status, 204);
  ASSERT_EQ(types_of(next_event_frames(ws, 8)),
            (std::vector<std::string>{"project.created", "project.created", "project.created", "task.created",
                                      "task.created", "task.completed", "task.created", "task.deleted"}));
  ASSERT_TRUE(settled(port()));

  EXPECT_EQ(c->del(url(p), {{"If-Match", "\"9\""}}).status, 412);
  const auto r = c->del(url(p));
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(c->get(url(p)).status, 404);
  EXPECT_EQ(c->del(url(p)).status, 404);
  // The gap closes.
  EXPECT_EQ(order(), (std::vector<std::pair<std::string, int64_t>>{{"Keep", 0}, {"Last", 1}}));
  EXPECT_EQ(get(url(last)).at("version").as_int64(), 1);
  // The live tasks are in the inbox with a new version.
  for (const auto& [t, version] : {std::pair{t1, 2}, std::pair{t2, 3}}) {
    const auto now = get(task_url(t));
    EXPECT_TRUE(now.at("project_id").is_null());
    EXPECT_EQ(now.at("version").as_int64(), version);
    EXPECT_EQ(now.at("completed"), t == t2 ? json::value(true) : json::value(false));
  }
  EXPECT_EQ(task_ids("?project=inbox").size(), 2u);
  EXPECT_TRUE(task_ids("?project=" + pid).empty());
  (void)keep;

  // Live: the tasks' frames first, then the project's.
  const auto frames = next_event_frames(ws, 3);
  ASSERT_EQ(types_of(frames), (std::vector<std::string>{"task.updated", "task.updated", "project.deleted"}));
  EXPECT_EQ(frames[0].at("task").at("id"), t1.at("id"));
  EXPECT_EQ(frames[1].at("task").at("id"), t2.at("id"));
  EXPECT_TRUE(frames[0].at("task").at("project_id").is_null());
  EXPECT_EQ(frames[2].at("project").at("id").as_string(), pid);
  EXPECT_EQ(frames[2].size(), 4u);  // type, event_id, occurred_at, project
  // Audited in that order, the moves with changes.project_id.
  ASSERT_TRUE(settled(port()));
  const auto entries = audit_entries(*c, a);
  ASSERT_GE(entries.size(), 3u);
  EXPECT_EQ(entries[0].at("event_type").as_string(), "project.deleted");
  EXPECT_TRUE(entries[0].at("task_id").is_null());
  EXPECT_EQ(entries[0].at("data").at("project_id").as_string(), pid);
  EXPECT_EQ(entries[0].at("data").at("project").at("name").as_string(), "Gone");
  for (int i : {1, 2}) {
    EXPECT_EQ(entries[i].at("event_type").as_string(), "task.updated");
    EXPECT_EQ(entries[i].at("data").at("changes"),
              (json::object{{"project_id", json::object{{"from", pid}, {"to", nullptr}}}}));
  }
  // The trashed task was not moved by an event; restored, it comes back to the inbox.
  const auto restored = c->post(task_url(trashed) + "/restore", json::object{});
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_TRUE(restored.json().at("project_id").is_null());
}

TEST_F(Projects, DeletingWithDeleteTasksTrashesThem) {
  const auto p = create_project({{"name", "Gone"}});
  const auto pid = str(p.at("id"));
  const auto t1 = create_task(*c, a, json::object{{"title", "one"}, {"project_id", pid}});
  const auto t2 = create_task(*c, a, json::object{{"title", "two"}, {"project_id", pid}});
  const auto other = create_task(*c, a, json::object{{"title", "elsewhere"}});
  EXPECT_EQ(c->del(url(p) + "?delete_tasks=maybe").status, 400);
  EXPECT_EQ(c->del(url(p) + "?cascade=true").status, 400);
  ASSERT_EQ(c->del(url(p) + "?delete_tasks=true").status, 204);
  EXPECT_EQ(c->get(task_url(t1)).status, 404);
  EXPECT_EQ(c->get(task_url(t2)).status, 404);
  EXPECT_EQ(task_ids(""), std::vector<std::string>{str(other.at("id"))});
  const auto trash = task_ids("?status=deleted&sort=title&order=asc");
  EXPECT_EQ(trash, (std::vector<std::string>{str(t1.at("id")), str(t2.at("id"))}));
  ASSERT_TRUE(settled(port()));
  EXPECT_EQ(audited_types(*c, a), (std::vector<std::string>{"project.created", "task.created", "task.created",
                                                            "task.created", "task.deleted", "task.deleted",
                                                            "project.deleted"}));
  // task.deleted carries the task as it was, in its project.
  const auto deleted = audit_entries(*c, a, "&event_type=task.deleted");
  EXPECT_EQ(deleted[0].at("data").at("task").at("project_id").as_string(), pid);
  // Restored after its project is gone: the inbox.
  const auto r = c->post(task_url(t1) + "/restore", json::object{});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("project_id").is_null());
}

TEST_F(Projects, ProjectEventsAreAuditedWithoutTaskAndSentLive) {
  WsClient ws(port(), "/ws?token=" + a.token);
  ASSERT_TRUE(ws.next_frame());  // hello
  const auto p = create_project({{"name", "Home"}});
  ASSERT_EQ(c->patch(url(p), json::object{{"name", "House"}, {"color", "green"}}).status, 200);
  ASSERT_EQ(c->del(url(p)).status, 204);

  const auto frames = next_event_frames(ws, 3);
  ASSERT_EQ(types_of(frames), (std::vector<std::string>{"project.created", "project.updated", "project.deleted"}));
  for (const auto& f : frames) {
    EXPECT_TRUE(core::is_uuid(f.at("event_id").as_string()));
    EXPECT_TRUE(core::parse_rfc3339(f.at("occurred_at").as_string()));
    EXPECT_EQ(f.at("project").at("id"), p.at("id"));
    EXPECT_FALSE(f.contains("task"));
  }
  EXPECT_EQ(frames[0].at("project"), p);
  EXPECT_EQ(frames[1].at("project").at("name").as_string(), "House");
  EXPECT_EQ(frames[1].at("project").at("version").as_int64(), 2);
  EXPECT_EQ(frames[2].at("project").at("name").as_string(), "House");  // as it was

  ASSERT_TRUE(settled(port()));
  const auto entries = audit_entries(*c, a);
  ASSERT_EQ(entries.size(), 3u);
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    EXPECT_TRUE(e.at("task_id").is_null());
    EXPECT_EQ(e.at("user_id").as_string(), a.id);
    EXPECT_EQ(e.at("event_id"), frames[2 - i].at("event_id"));  // the same events, newest first
    EXPECT_EQ(e.at("data").at("project_id"), p.at("id"));
    EXPECT_FALSE(e.at("data").as_object().contains("task_id"));
  }
  EXPECT_EQ(entries[1].at("data").at("changes"),
            (json::object{{"name", json::object{{"from", "Home"}, {"to", "House"}}},
                          {"color", json::object{{"from", "grey"}, {"to", "green"}}}}));
  // The filters still work: by type; by task (a project entry has none).
  EXPECT_EQ(audit_entries(*c, a, "&event_type=project.created").size(), 1u);
  EXPECT_EQ(audit_entries(*c, a, "&event_type=project.deleted").size(), 1u);
  EXPECT_TRUE(audit_entries(*c, a, "&task_id=" + str(p.at("id"))).empty());
}

// Concurrent creates of one user: positions stay 0..n-1 and a name is taken
// once (a first project has no row to lock: the per-user lock is what holds).
TEST_F(Projects, ConcurrentCreatesKeepPositionsAndNamesUnique) {
  constexpr int kThreads = 6, kEach = 5;
  std::atomic<int> same_name_created{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto tc = client_for(a);
      for (int i = 0; i < kEach; ++i) {
        const auto r = tc.post(projects(), json::object{{"name", "p" + std::to_string(t) + "-" + std::to_string(i)}});
        EXPECT_EQ(r.status, 201) << r.body;
        const auto dup = tc.post(projects(), json::object{{"name", i % 2 ? "Shared" : "SHARED"}});
        EXPECT_TRUE(dup.status == 201 || dup.status == 409) << dup.body;
        if (dup.status == 201) ++same_name_created;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(same_name_created.load(), 1);
  const auto items = list();
  ASSERT_EQ(items.size(), static_cast<size_t>(kThreads * kEach + 1));
  for (size_t i = 0; i < items.size(); ++i) EXPECT_EQ(items[i].at("position").as_int64(), static_cast<int64_t>(i));
}

// Tasks filed in a project while it is deleted: each either was refused
// (422: the project was gone) or ends in the inbox with an event that says
// so — never a task that lost its project silently.
TEST_F(Projects, FilingWhileTheProjectIsDeletedNeverLosesATaskSilently) {
  const auto p = create_project({{"name", "Busy"}});
  std::atomic<int> created{0};
  std::mutex mu;
  std::vector<std::string> ids;
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      auto wc = client_for(a);
      for (int i = 0; i < 25; ++i) {
        const auto r = wc.post(tasks_url(a), json::object{{"title", "w" + std::to_string(w) + "-" + std::to_string(i)},
                                                          {"project_id", p.at("id")}});
        EXPECT_TRUE(r.status == 201 || r.status == 422) << r.body;
        if (r.status != 201) continue;
        ++created;
        std::lock_guard lock(mu);
        ids.push_back(str(r.json().at("id")));
      }
    });
  }
  ASSERT_TRUE(wait_until([&] { return created.load() >= 10; }));
  ASSERT_EQ(c->del(url(p)).status, 204);
  for (auto& th : writers) th.join();
  ASSERT_TRUE(settled(port()));
  ASSERT_FALSE(ids.empty());
  for (const auto& id : ids) {
    SCOPED_TRACE(id);
    const auto t = get(tasks_url(a) + "/" + id);
    EXPECT_TRUE(t.at("project_id").is_null());
    // The task's latest event shows it where it is.
    const auto entries = audit_entries(*c, a, "&task_id=" + id);
    ASSERT_FALSE(entries.empty());
    EXPECT_TRUE(entries.front().at("data").at("task").at("project_id").is_null());
    EXPECT_EQ(entries.front().at("data").at("task").at("version"), t.at("version"));
  }
}

TEST_F(Projects, AnotherUsersProjectsAreInvisible) {
  const auto p = create_project({{"name", "Secret garden"}});
  const auto b = sign_up("Bob");
  auto bc = client_for(b);
  const std::string bp = "/api/" + b.id + "/projects";
  // A's path with B's token: 403.
  EXPECT_EQ(bc.get(projects()).status, 403);
  EXPECT_EQ(bc.post(projects(), json::object{{"name", "x"}}).status, 403);
  EXPECT_EQ(bc.get(url(p)).status, 403);
  // A's project id on B's path: 404 like any unknown id.
  const auto foreign = bp + "/" + str(p.at("id"));
  EXPECT_EQ(bc.get(foreign).status, 404);
  EXPECT_EQ(bc.patch(foreign, json::object{{"name", "mine"}}).status, 404);
  EXPECT_EQ(bc.del(foreign).status, 404);
  EXPECT_EQ(bc.get(bp).json(), (json::value{{"items", json::array{}}}));
  // Filtering B's tasks by A's project: nothing of A's.
  create_task(*c, a, json::object{{"title", "A's task"}, {"project_id", p.at("id")}});
  EXPECT_TRUE(bc.get(tasks_url(b) + "?project=" + str(p.at("id"))).json().at("items").as_array().empty());
  EXPECT_EQ(get(url(p)).at("name").as_string(), "Secret garden");
  EXPECT_EQ(get(url(p)).at("task_count").as_int64(), 1);
  HttpClient anon(port());
  EXPECT_EQ(anon.get(projects()).status, 401);
}

}  // namespace todo::test
