#pragma once
// The Scheduler port on PostgreSQL (embedded runtime). One thread sleeps
// until the earliest due job of the prefixes this process handles, woken
// early when a sooner job is scheduled (in process, or through NOTIFY from
// another process) — no polling interval decides the precision. Jobs live in
// the database, so a restart fires overdue jobs at once.
//
// Delivery is at least once: a job is leased (locked_until) before its
// handler runs and deleted afterwards only if it was not rescheduled in the
// meantime (version). A failing handler gets the job again after 1 s, up to
// 3 more times (Dapr's default failure policy), then it is dropped and logged.
//
// Jobs due together are delivered `concurrency` at a time (each handler
// takes its own pooled connection): one at a time, a thousand reminders due
// in the same second waited for each other's commits.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "db/pool.h"
#include "runtime/clock.h"
#include "runtime/eventlog/pg_notifier.h"
#include "runtime/job_handlers.h"
#include "runtime/scheduler.h"
#include "runtime/stop_flag.h"

namespace todo::runtime::local {

struct SchedulerOptions {
  std::chrono::milliseconds lease{30000};       // a crashed handler's job is retried after this
  std::chrono::milliseconds retry_delay{1000};  // after a failed delivery
  int max_attempts = 4;
  std::chrono::milliseconds safety_poll{60000};  // in case a wake-up is missed
  int concurrency = 4;                           // handlers running at once
  int group_commit = 32;                         // jobs of one thread whose transactions share a COMMIT
};

class PgScheduler final : public Scheduler {
 public:
  PgScheduler(db::Pool& pool, SchedulerOptions options = {}, const Clock& clock = system_clock());
  ~PgScheduler() override;

  void schedule(std::string_view name, core::Instant due, const boost::json::value& data) override;
  void cancel(std::string_view name) override;
  void schedule(db::Transaction& tx, std::string_view name, core::Instant due, const boost::json::value& data) override;
  void cancel(db::Transaction& tx, std::string_view name) override;
  void handle(std::string prefix, JobHandler handler) override;
  // A job that reschedules itself one interval ahead after each run.
  void every(std::string name, std::chrono::seconds interval, JobHandler handler) override;
  void start();
  void stop();

 private:
  struct Claimed {
    Job job;
    long long version;
    int attempts;
  };
  struct Delivery {
    JobOutcome outcome;
    core::Instant at;  // when the handler returned: a retry is due retry_delay after it
  };
  void run();
  void upsert(db::Connection& c, std::string_view name, core::Instant due, const boost::json::value& data);
  // Wakes this process now and the others through NOTIFY.
  void announce();
  // Fires every due job; returns when the next one is due.
  core::Instant fire_due(db::Connection& c);
  // Runs the handlers of `jobs`, up to opts_.concurrency at once; the
  // outcome of each, in order (none for a job skipped while stopping).
  std::vector<std::optional<Delivery>> deliver(const std::vector<Claimed>& jobs);
  Delivery deliver_one(const Job& job);
  // Deletes delivered (or given-up) jobs and re-arms failed ones, unless
  // they were rescheduled meanwhile.
  void settle(db::Connection& c, const std::vector<Claimed>& jobs, const std::vector<std::optional<Delivery>>& outcomes);
  std::vector<std::string> like_patterns() const;

  db::Pool& pool_;
  SchedulerOptions opts_;
  const Clock& clock_;
  JobHandlers handlers_;
  std::vector<std::pair<std::string, std::chrono::seconds>> periodic_;  // armed at start
  std::unique_ptr<eventlog::PgNotifier> notifier_;

  StopFlag flag_;
  bool started_ = false;
  std::thread thread_;
};

}  // namespace todo::runtime::local
