// kill -9 of each service in turn, of a sidecar and of the broker, and a
// stop and start of PostgreSQL, in the middle of a burst of creates through
// the edge: afterwards every acknowledged create has exactly one audit
// entry, no task has two, and every recurring task completed during the
// burst has exactly one next occurrence.
#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "distributed_system.h"
#include "test_env.h"

namespace todo::test {
namespace json = boost::json;

namespace {

// Creates tasks through the edge until stopped; every tenth is a weekly
// task that it then completes (a next occurrence through recurring-service
// and todo-api's internal route).
class Burst {
 public:
  Burst(DistributedSystem& sys, User user) : sys_(sys), user_(std::move(user)) {
    thread_ = std::thread([this] { run(); });
  }
  ~Burst() { stop(); }
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }
  size_t acknowledged() const { return acked_.load(); }
  // Waits until `more` further creates were acknowledged.
  bool progress(size_t more) {
    const auto target = acknowledged() + more;
    return wait_until([&] { return acknowledged() >= target; }, std::chrono::seconds(90));
  }
  std::set<std::string> created() const {
    std::lock_guard lock(mu_);
    return created_;
  }
  std::set<std::string> completed_recurring() const {
    std::lock_guard lock(mu_);
    return recurring_;
  }

 private:
  void run() {
    auto c = sys_.client_for(user_);
    for (int n = 0; !stopping_; ++n) {
      const bool recurring = n % 10 == 0;
      json::object body{{"title", "burst " + std::to_string(n)}};
      if (recurring) {
        body["due_date"] = "2031-03-03T09:00:00Z";
        body["recurrence"] = "weekly";
      }
      const auto t = create_acknowledged(c, user_, body, std::chrono::seconds(90));
      if (t.empty()) continue;  // never acknowledged: not counted
      const std::string id(t.at("id").as_string());
      if (recurring) {
        // Completed explicitly (idempotent), retried through restarts.
        const bool done = wait_until([&] {
          try {
            return c.patch(tasks_url(user_) + "/" + id + "/complete", json::object{{"completed", true}}).status == 200;
          } catch (const std::exception&) {
            return false;
          }
        }, std::chrono::seconds(90));
        std::lock_guard lock(mu_);
        if (done) recurring_.insert(id);
      }
      {
        std::lock_guard lock(mu_);
        created_.insert(id);
      }
      ++acked_;
    }
  }

  DistributedSystem& sys_;
  User user_;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> acked_{0};
  mutable std::mutex mu_;
  std::set<std::string> created_;
  std::set<std::string> recurring_;
  std::thread thread_;
};

}  // namespace

TEST(DistributedCrash, KillingEachServiceASidecarAndTheBrokerAndRestartingTheDatabaseMidBurstLosesAndDoublesNothing) {
  auto& sys = DistributedSystem::get();
  const auto u = sys.sign_up("Crash");
  Burst burst(sys, u);
  ASSERT_TRUE(burst.progress(10)) << "the burst did not get going";
  for (const std::string app : {"todo-api", "audit-service", "recurring-service", "notification-service",
                                "websocket-service", "gateway"}) {
    SCOPED_TRACE(app);
    sys.control("kill-service", app);
    sys.control("start-service", app);
    ASSERT_TRUE(burst.progress(5)) << "no progress after restarting " << app;
  }
  sys.control("kill-sidecar", "todo-api");
  sys.control("start-sidecar", "todo-api");
  ASSERT_TRUE(burst.progress(5)) << "no progress after restarting todo-api's sidecar";
  // The broker crashes: the outboxes keep every event until it is back.
  sys.control("kafka-kill");
  ASSERT_TRUE(burst.progress(3)) << "no creates while the broker was down";
  sys.control("kafka-start");
  sys.control("wait-consumers");
  ASSERT_TRUE(burst.progress(5)) << "no progress after the broker came back";
  // The database goes away under every service and its sidecar, and comes back.
  sys.control("postgres-stop");
  sys.control("postgres-start");
  ASSERT_TRUE(burst.progress(5)) << "no progress after the database came back";
  burst.stop();

  const auto created = burst.created();
  auto c = sys.client_for(u);
  // Every acknowledged create is audited once; nothing is audited twice.
  std::map<std::string, int> audited;
  ASSERT_TRUE(wait_until([&] {
    audited.clear();
    for (const auto& e : audit_entries(c, u))
      if (e.at("event_type") == "task.created") ++audited[std::string(e.at("task_id").as_string())];
    for (const auto& id : created)
      if (audited.count(id) == 0) return false;
    return true;
  }, std::chrono::seconds(120))) << "an acknowledged create was never audited";
  for (const auto& [id, n] : audited) EXPECT_EQ(n, 1) << "task " << id << " audited " << n << " times";
  std::set<std::string> event_ids;
  for (const auto& e : audit_entries(c, u))
    EXPECT_TRUE(event_ids.insert(std::string(e.at("event_id").as_string())).second) << "an event audited twice";
  // Each completed recurring task: exactly one next occurrence.
  const auto recurring = burst.completed_recurring();
  ASSERT_FALSE(recurring.empty());
  std::map<std::string, int> children;
  ASSERT_TRUE(wait_until([&] {
    children.clear();
    std::string cursor;
    for (;;) {
      const auto page = c.get(tasks_url(u) + "?status=all&limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor)).json();
      for (const auto& t : page.at("items").as_array())
        if (!t.at("parent_task_id").is_null()) ++children[std::string(t.at("parent_task_id").as_string())];
      if (page.at("next_cursor").is_null()) break;
      cursor = std::string(page.at("next_cursor").as_string());
    }
    for (const auto& id : recurring)
      if (children.count(id) == 0) return false;
    return true;
  }, std::chrono::seconds(120))) << "a completed recurring task has no next occurrence";
  for (const auto& id : recurring) EXPECT_EQ(children[id], 1) << "task " << id;
}

}  // namespace todo::test
