// The fault suite of the embedded runtime: a steady mixed load (creates,
// edits, completions of recurring tasks, reopenings, deletes, reminders due
// during the run) while todo-platform is SIGKILLed at random moments and
// PostgreSQL is stopped and started under it. Then the books are balanced
// by counting, through the public API only:
//   - every acknowledged change is stored, and nothing else changed;
//   - every committed change has exactly one audit entry (versions 1..V,
//     no gap, no repeat), a deleted task exactly one task.deleted;
//   - every fired reminder exactly one notification;
//   - every completed recurring task exactly one next occurrence;
//   - nothing is stuck: the event log's backlog and dead letters are zero;
//   - no request was answered 500.
// The moments of the faults come from a seed printed at the start
// (FAULT_SEED=... reruns the same plan).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "api_fixture.h"
#include "core/time.h"
#include "core/uuid.h"
#include "db/connection.h"
#include "platform_process.h"
#include "private_postgres.h"
#include "test_env.h"

namespace todo::test {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr int kWorkers = 3;
constexpr int kOpsPerWorker = 120;
constexpr int kRemindersPerWorker = 3;
constexpr auto kSettle = 120s;  // the longest any one wait may take

// What a worker knows of one of its tasks: the state of its last
// acknowledged (or observed) change. Only its worker writes it.
struct TaskModel {
  std::string id;
  bool recurring = false;
  long long version = 0;
  std::string title;
  bool completed = false;
  bool completed_ever = false;  // then it must have exactly one next occurrence
  bool deleted = false;
};

// Counts shared by the workers and the chaos.
struct LoadRun {
  uint16_t port = 0;
  std::atomic<int> ops{0};          // operations started
  std::atomic<int> unknown{0};      // outcomes unknown (no answer, 503): resolved by reading back
  std::atomic<int> internal{0};     // 500 answers: never acceptable
  std::mutex mu;
  std::vector<std::string> internal_bodies;
};

std::optional<HttpResult> send(LoadRun& run, HttpClient& c, const std::string& method, const std::string& target,
                               const std::string& body = "", const HeaderList& headers = {}) {
  try {
    auto r = c.request(method, target, body, headers);
    if (r.status >= 500) {
      if (r.status != 503) {
        ++run.internal;
        std::lock_guard lock(run.mu);
        run.internal_bodies.push_back(method + " " + target + " -> " + std::to_string(r.status) + " " + r.body);
      }
      ++run.unknown;
      return std::nullopt;
    }
    return r;
  } catch (const std::exception&) {  // refused or cut: the platform is down or was killed
    ++run.unknown;
    return std::nullopt;
  }
}

class Worker {
 public:
  Worker(LoadRun& run, Account account, uint32_t seed) : run_(run), account_(std::move(account)), rng_(seed) {}

  void create_reminders() {
    const auto now = std::chrono::time_point_cast<core::Millis>(std::chrono::system_clock::now());
    for (int i = 1; i <= kRemindersPerWorker; ++i) {
      const core::Instant at = now + std::chrono::seconds(4 * i + static_cast<int>(rng_() % 4));
      const json::object body{{"title", "remind " + std::to_string(i)},
                              {"reminder_at", core::format_rfc3339(at)},
                              {"due_date", core::format_rfc3339(at + std::chrono::hours(1))}};
      if (const auto t = create(body)) reminders_.push_back(t->at("id").as_string().c_str());
    }
  }

  void run_load() {
    for (int i = 0; i < kOpsPerWorker; ++i) {
      ++run_.ops;
      std::vector<TaskModel*> live;
      for (auto& t : tasks_)
        if (!t.deleted) live.push_back(&t);
      const auto roll = rng_() % 100;
      if (live.size() < 4 || roll < 20) {
        const bool recurring = rng_() % 2 == 0;
        json::object body{{"title", "task " + std::to_string(i)}};
        if (recurring) {
          body["recurrence"] = "FREQ=DAILY";
          body["due_date"] =
              core::format_rfc3339(std::chrono::time_point_cast<core::Millis>(std::chrono::system_clock::now()));
        }
        if (const auto t = create(body)) {
          TaskModel m;
          m.id = t->at("id").as_string().c_str();
          m.recurring = recurring;
          adopt(m, *t);
          tasks_.push_back(std::move(m));
        }
        continue;
      }
      auto& t = *live[rng_() % live.size()];
      if (roll < 55) update(t, "edit " + std::to_string(i));
      else if (roll < 92) complete(t, !t.completed);
      else remove(t);
    }
  }

  const std::vector<TaskModel>& tasks() const { return tasks_; }
  const std::vector<std::string>& reminders() const { return reminders_; }
  const Account& account() const { return account_; }

 private:
  HttpClient client() {
    HttpClient c(run_.port);
    c.set_token(account_.token);
    return c;
  }
  std::string url(const std::string& id = "") const {
    return "/api/" + account_.id + "/tasks" + (id.empty() ? "" : "/" + id);
  }

  static void adopt(TaskModel& m, const json::object& task) {
    m.version = task.at("version").as_int64();
    m.title = task.at("title").as_string().c_str();
    m.completed = task.at("completed").as_bool();
    m.completed_ever = m.completed_ever || m.completed;
  }

  // Creates with an Idempotency-Key, repeating the same request until it is
  // answered: a retry can never make a second task.
  std::optional<json::object> create(const json::object& body) {
    const auto key = core::new_uuid();
    const auto text = json::serialize(body);
    std::optional<json::object> created;
    auto c = client();
    EXPECT_TRUE(wait_until(
        [&] {
          const auto r = send(run_, c, "POST", url(), text, {{"Idempotency-Key", key}});
          if (!r || r->status == 409) return false;  // unknown, or the first try still running
          EXPECT_EQ(r->status, 201) << r->body;
          if (r->status == 201) created = r->json().as_object();
          return true;
        },
        kSettle))
        << "a create was never answered";
    return created;
  }

  // After an unknown outcome: read the task back and take what is stored.
  void resync(TaskModel& t) {
    auto c = client();
    EXPECT_TRUE(wait_until(
        [&] {
          const auto r = send(run_, c, "GET", url(t.id));
          if (!r) return false;
          if (r->status == 404) t.deleted = true;
          else if (r->status == 200) adopt(t, r->json().as_object());
          else ADD_FAILURE() << "GET " << t.id << ": " << r->status << " " << r->body;
          return true;
        },
        kSettle))
        << "task " << t.id << " could not be read back";
  }

  void update(TaskModel& t, const std::string& title) {
    auto c = client();
    const auto r = send(run_, c, "PATCH", url(t.id), json::serialize(json::object{{"title", title}}));
    if (!r) return resync(t);
    ASSERT_EQ(r->status, 200) << r->body;
    adopt(t, r->json().as_object());
  }

  void complete(TaskModel& t, bool completed) {
    auto c = client();
    const auto r =
        send(run_, c, "PATCH", url(t.id) + "/complete", json::serialize(json::object{{"completed", completed}}));
    if (!r) return resync(t);
    ASSERT_EQ(r->status, 200) << r->body;
    adopt(t, r->json().as_object());
  }

  void remove(TaskModel& t) {
    auto c = client();
    const auto r = send(run_, c, "DELETE", url(t.id));
    if (!r) return resync(t);
    // 404: the client's automatic retry of a delete that had gone through.
    ASSERT_TRUE(r->status == 204 || r->status == 404) << r->status << " " << r->body;
    t.deleted = true;
  }

  LoadRun& run_;
  Account account_;
  std::mt19937 rng_;
  std::vector<TaskModel> tasks_;
  std::vector<std::string> reminders_;
};

// Every item of a paginated list.
std::vector<json::object> all_items(HttpClient& c, const std::string& path) {
  std::vector<json::object> out;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    const auto sep = path.find('?') == std::string::npos ? "?" : "&";
    const auto r = c.get(path + sep + "limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor));
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    if (r.status != 200) break;
    const auto body = r.json().as_object();
    for (const auto& item : body.at("items").as_array()) out.push_back(item.as_object());
    if (body.at("next_cursor").is_null()) break;
    cursor = body.at("next_cursor").as_string().c_str();
  }
  return out;
}

Account sign_up_at(uint16_t port) {
  HttpClient c(port);
  Account a;
  a.email = "fault-" + core::new_uuid().substr(0, 8) + "@example.com";
  const auto r = c.post("/api/auth/sign-up", json::object{{"email", a.email}, {"password", "correct horse"}});
  if (r.status != 201) throw std::runtime_error("sign-up failed: " + r.body);
  a.id = r.json().at("user").at("id").as_string().c_str();
  a.token = r.json().at("token").as_string().c_str();
  return a;
}

}  // namespace

TEST(Faults, KillsAndADatabaseRestartUnderLoadLoseAndRepeatNothing) {
  const char* seed_env = std::getenv("FAULT_SEED");
  const uint32_t seed = seed_env ? static_cast<uint32_t>(std::stoul(seed_env)) : std::random_device{}();
  std::printf("FAULT_SEED=%u\n", seed);
  std::mt19937 rng(seed);

  PrivatePostgres pg;
  // Quick retries, so the suite does not wait out long backoffs.
  PlatformProcess platform(pg.url(), {{"EVENT_RETRY_BASE_MS", "50"}, {"EVENT_RETRY_MAX_MS", "1000"}});
  platform.start();
  platform.set_env("PORT", std::to_string(platform.port()));  // restarts come back on the same port
  LoadRun run;
  run.port = platform.port();

  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < kWorkers; ++i) workers.push_back(std::make_unique<Worker>(run, sign_up_at(run.port), rng()));
  for (auto& w : workers) w->create_reminders();

  // The plan: three kills and one database restart at random points of the load.
  const int total = kWorkers * kOpsPerWorker;
  auto at = [&](double from, double to) {
    return static_cast<int>(total * (from + (to - from) * std::uniform_real_distribution<double>(0, 1)(rng)));
  };
  const std::vector<std::pair<int, std::string>> plan = {
      {at(0.10, 0.25), "kill"}, {at(0.35, 0.50), "database"}, {at(0.60, 0.75), "kill"}, {at(0.80, 0.92), "kill"}};

  std::vector<std::thread> load;
  for (auto& w : workers) load.emplace_back([&w] { w->run_load(); });
  for (const auto& [when, fault] : plan) {
    ASSERT_TRUE(wait_until([&] { return run.ops.load() >= when; }, kSettle));
    std::printf("fault at op %d: %s\n", run.ops.load(), fault.c_str());
    if (fault == "kill") {
      platform.kill9();
      platform.start();
    } else {
      pg.stop();
      const int before = run.unknown.load();
      // Down long enough for the load to notice, bounded in case it is idle.
      wait_until([&] { return run.unknown.load() >= before + 5; }, 10s);
      pg.start();
    }
  }
  for (auto& t : load) t.join();
  std::printf("load done: %d operations, %d with an unknown outcome\n", run.ops.load(), run.unknown.load());
  EXPECT_GT(run.unknown.load(), 0) << "no fault was felt: the suite measured nothing";
  EXPECT_EQ(run.internal.load(), 0) << (run.internal_bodies.empty() ? "" : run.internal_bodies.front());

  // Settle: every next occurrence made, every reminder fired, nothing left in the log.
  HttpClient ops(run.port);
  for (const auto& w : workers) {
    auto c = HttpClient(run.port);
    c.set_token(w->account().token);
    std::set<std::string> need_child;
    for (const auto& t : w->tasks())
      if (t.recurring && t.completed_ever) need_child.insert(t.id);
    EXPECT_TRUE(wait_until(
        [&] {
          std::set<std::string> parents;
          for (const auto& t : all_items(c, "/api/" + w->account().id + "/tasks"))
            if (!t.at("parent_task_id").is_null()) parents.insert(t.at("parent_task_id").as_string().c_str());
          for (const auto& id : need_child)
            if (!parents.count(id)) return false;
          for (const auto& id : w->reminders()) {
            const auto r = c.get("/api/" + w->account().id + "/tasks/" + id);
            if (r.status != 200 || !r.json().at("reminder_sent").as_bool()) return false;
          }
          return true;
        },
        kSettle))
        << "next occurrences or reminders missing for " << w->account().email;
  }
  EXPECT_TRUE(wait_until([&] { return metric(ops, "event_log_backlog") == 0; }, kSettle));
  EXPECT_EQ(metric(ops, "event_dead_letters"), 0);

  for (const auto& w : workers) {
    SCOPED_TRACE(w->account().email);
    const auto& user = w->account().id;
    auto c = HttpClient(run.port);
    c.set_token(w->account().token);
    std::map<std::string, json::object> stored;
    for (auto& t : all_items(c, "/api/" + user + "/tasks")) stored.emplace(t.at("id").as_string().c_str(), t);

    // Every acknowledged change is stored, as acknowledged.
    std::map<std::string, int> children;
    for (const auto& [id, t] : stored)
      if (!t.at("parent_task_id").is_null()) ++children[t.at("parent_task_id").as_string().c_str()];
    std::set<std::string> known;
    for (const auto& m : w->tasks()) {
      known.insert(m.id);
      const auto it = stored.find(m.id);
      if (m.deleted) {
        EXPECT_EQ(it, stored.end()) << m.id << " was deleted";
      } else if (it == stored.end()) {
        ADD_FAILURE() << m.id << " is missing";
        continue;
      } else {
        EXPECT_EQ(it->second.at("version").as_int64(), m.version) << m.id;
        EXPECT_EQ(it->second.at("title").as_string(), m.title) << m.id;
        EXPECT_EQ(it->second.at("completed").as_bool(), m.completed) << m.id;
      }
      // Exactly one next occurrence per completed recurring task, none otherwise.
      EXPECT_EQ(children[m.id], m.recurring && m.completed_ever ? 1 : 0) << m.id;
    }
    for (const auto& [id, t] : stored) {
      const bool reminder = std::find(w->reminders().begin(), w->reminders().end(), id) != w->reminders().end();
      const bool child = !t.at("parent_task_id").is_null() && known.count(t.at("parent_task_id").as_string().c_str());
      EXPECT_TRUE(known.count(id) || reminder || child) << id << " was never created by anyone";
      if (reminder) {
        EXPECT_EQ(t.at("version").as_int64(), 2) << id << ": created, then its reminder fired";
      }
      if (child) {
        EXPECT_EQ(t.at("version").as_int64(), 1) << id;
      }
    }

    // One audit entry per committed change: versions 1..V exactly once each.
    std::set<std::string> audited = known;
    for (const auto& [id, t] : stored) audited.insert(id);
    for (const auto& id : audited) {
      std::multiset<long long> versions;
      int deletions = 0;
      long long deleted_at = 0;
      for (const auto& e : all_items(c, "/api/" + user + "/audit?task_id=" + id)) {
        const auto v = e.at("data").at("task").at("version").as_int64();
        if (e.at("event_type").as_string() == "task.deleted") {
          ++deletions;
          deleted_at = v;
        } else {
          versions.insert(v);
        }
      }
      const auto it = stored.find(id);
      const long long last = it != stored.end() ? it->second.at("version").as_int64() : deleted_at;
      std::multiset<long long> expected;
      for (long long v = 1; v <= last; ++v) expected.insert(v);
      EXPECT_EQ(versions, expected) << "audit of " << id;
      EXPECT_EQ(deletions, it == stored.end() ? 1 : 0) << "audit of " << id;
    }

    // One notification per fired reminder, and no other.
    std::map<std::string, int> notified;
    for (const auto& n : all_items(c, "/api/" + user + "/notifications")) ++notified[n.at("task_id").as_string().c_str()];
    for (const auto& id : w->reminders()) EXPECT_EQ(notified[id], 1) << "notifications of " << id;
    int total_notes = 0;
    for (const auto& [id, n] : notified) total_notes += n;
    EXPECT_EQ(total_notes, static_cast<int>(w->reminders().size()));
  }
}

// A consumer that hangs (here: the audit log's table is locked, so its
// insert waits) is cut off by the statement timeout and retried; past its
// attempts the event is dead-lettered. Meanwhile the platform serves as
// usual, and a replay once the table is free records the entry exactly once.
TEST(Faults, AHungConsumerTimesOutDeadLettersAndIsReplayedOnce) {
  TestDatabase db;
  PlatformProcess platform(db.url(), {{"DB_STATEMENT_TIMEOUT_MS", "300"},
                                      {"EVENT_MAX_ATTEMPTS", "3"},
                                      {"EVENT_RETRY_BASE_MS", "50"},
                                      {"EVENT_RETRY_MAX_MS", "200"}});
  platform.start();
  const auto a = sign_up_at(platform.port());
  HttpClient c(platform.port());
  c.set_token(a.token);
  const auto tasks = "/api/" + a.id + "/tasks";

  db::Connection locker(db.url());
  locker.exec_script("BEGIN; LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE");
  const auto created = c.post(tasks, json::object{{"title", "audited later"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json().at("id").as_string().c_str();
  HttpClient ops(platform.port());
  EXPECT_TRUE(wait_until([&] { return metric(ops, "event_dead_letters") >= 1; }, kSettle));
  // Everything that does not need the locked table works meanwhile.
  EXPECT_EQ(c.get(tasks).status, 200);
  EXPECT_EQ(c.patch(tasks + "/" + id, json::object{{"priority", "high"}}).status, 200);
  locker.exec_script("ROLLBACK");

  std::string out;
  ASSERT_EQ(PlatformProcess::run_command({{"DATABASE_URL", db.url()}}, "deadletters replay-all", out), 0) << out;
  EXPECT_TRUE(wait_until([&] { return metric(ops, "event_dead_letters") == 0 && metric(ops, "event_log_backlog") == 0; },
                         kSettle));
  std::multiset<long long> versions;
  for (const auto& e : all_items(c, "/api/" + a.id + "/audit?task_id=" + id))
    versions.insert(e.at("data").at("task").at("version").as_int64());
  EXPECT_EQ(versions, (std::multiset<long long>{1, 2})) << "created once, updated once";
  EXPECT_TRUE(platform.running());
}

}  // namespace todo::test
