#include "runtime/local/pg_scheduler.h"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <optional>
#include <thread>

#include "core/error.h"
#include "core/time.h"
#include "db/error.h"
#include "db/like.h"
#include "db/transaction_batch.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace todo::runtime::local {

PgScheduler::PgScheduler(db::Pool& pool, SchedulerOptions options, const Clock& clock)
    : pool_(pool), opts_(options), clock_(clock) {}

PgScheduler::~PgScheduler() { stop(); }

void PgScheduler::upsert(db::Connection& c, std::string_view name, core::Instant due, const boost::json::value& data) {
  // Inside a transaction it travels with the next statement or the COMMIT.
  c.exec_deferred(
      "INSERT INTO scheduled_jobs (name, due_at, data) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE"
      " SET due_at = EXCLUDED.due_at, data = EXCLUDED.data, version = scheduled_jobs.version + 1, attempts = 0,"
      " locked_until = NULL, updated_at = now()",
      db::Params(name, due, boost::json::serialize(data)));
}

void PgScheduler::announce() {
  flag_.wake();
  if (notifier_) notifier_->notify("jobs");
}

void PgScheduler::schedule(std::string_view name, core::Instant due, const boost::json::value& data) {
  auto conn = pool_.acquire();
  upsert(*conn, name, due, data);
  announce();
}

void PgScheduler::schedule(db::Transaction& tx, std::string_view name, core::Instant due,
                           const boost::json::value& data) {
  upsert(tx.connection(), name, due, data);
  tx.on_commit([this] { announce(); });
}

void PgScheduler::cancel(std::string_view name) {
  auto conn = pool_.acquire();
  conn->exec("DELETE FROM scheduled_jobs WHERE name = $1", db::Params(name));
}

void PgScheduler::cancel(db::Transaction& tx, std::string_view name) {
  tx.exec_deferred("DELETE FROM scheduled_jobs WHERE name = $1", db::Params(name));
}

void PgScheduler::handle(std::string prefix, JobHandler handler) {
  if (started_) throw std::logic_error("handle() after start()");
  handlers_.add(std::move(prefix), std::move(handler));
}

void PgScheduler::every(std::string name, std::chrono::seconds interval, JobHandler handler) {
  handle(name, [this, name, interval, handler = std::move(handler)](const Job& job) {
    if (handler(job) == JobOutcome::Failure) obs::warn("scheduler", "periodic job failed", {{"job", name}});
    schedule(name, clock_.now() + interval, boost::json::object{});
    return JobOutcome::Success;
  });
  periodic_.emplace_back(std::move(name), interval);
}

void PgScheduler::start() {
  started_ = true;
  notifier_ = std::make_unique<eventlog::PgNotifier>(
      pool_.url(), [this](std::string_view) { flag_.wake(); }, std::string(eventlog::PgNotifier::kJobsChannel));
  notifier_->start();
  // Periodic jobs run one interval after start-up; a process that starts
  // later moves the shared job, which is harmless.
  for (const auto& [name, interval] : periodic_) schedule(name, clock_.now() + interval, boost::json::object{});
  thread_ = std::thread([this] { run(); });
}

void PgScheduler::stop() {
  if (!flag_.stop()) return;
  if (thread_.joinable()) thread_.join();
  if (notifier_) notifier_->stop();
}

std::vector<std::string> PgScheduler::like_patterns() const {
  std::vector<std::string> out;
  for (const auto& [prefix, h] : handlers_.all()) out.push_back(db::like_prefix(prefix));
  return out;
}

void PgScheduler::run() {
  if (handlers_.empty()) return;  // this process hosts no service with jobs
  db::Connection conn(pool_.url());
  auto backoff = std::chrono::milliseconds(100);
  for (;;) {
    auto next = clock_.now() + opts_.safety_poll;
    try {
      next = std::min(next, fire_due(conn));
      backoff = std::chrono::milliseconds(100);
    } catch (...) {
      obs::warn("scheduler", "scheduler paused", {{"error", core::current_exception_message()}});
      next = clock_.now() + backoff;
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
    if (!flag_.wait_until(clock_, next)) return;
  }
}

core::Instant PgScheduler::fire_due(db::Connection& c) {
  const auto patterns = like_patterns();
  for (;;) {
    const auto now = clock_.now();
    const auto claimed = c.exec(
        "UPDATE scheduled_jobs SET locked_until = $2, attempts = attempts + 1 WHERE name IN ("
        " SELECT name FROM scheduled_jobs WHERE due_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)"
        " AND name LIKE ANY($3::text[]) ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED)"
        " RETURNING name, due_at, data, version, attempts",
        db::Params(now, now + opts_.lease, patterns));
    if (claimed.empty()) break;
    std::vector<Claimed> jobs;
    jobs.reserve(claimed.size());
    for (const auto& r : claimed)
      jobs.push_back(Claimed{Job{r.str(0), r.instant(1), boost::json::parse(r.text(2))}, r.int64(3),
                             static_cast<int>(r.int64(4))});
    // RETURNING has no order: the most overdue go first.
    std::stable_sort(jobs.begin(), jobs.end(), [](const Claimed& a, const Claimed& b) { return a.job.due < b.job.due; });
    settle(c, jobs, deliver(jobs));
    if (flag_.stopping()) return now;  // undelivered jobs come back when their lease ends
  }
  // The earliest moment something becomes due (or a lease runs out).
  const auto res = c.exec(
      "SELECT min(greatest(due_at, coalesce(locked_until, due_at))) FROM scheduled_jobs WHERE name LIKE ANY($1::text[])",
      db::Params(patterns));
  if (res.front().is_null(0)) return clock_.now() + opts_.safety_poll;
  return res.front().instant(0);
}

PgScheduler::Delivery PgScheduler::deliver_one(const Job& job) {
  JobOutcome outcome = JobOutcome::Failure;
  try {
    if (const auto* handler = handlers_.find(job.name)) outcome = (*handler)(job);
  } catch (...) {
    obs::warn("scheduler", "job handler failed", {{"job", job.name}, {"error", core::current_exception_message()}});
  }
  const auto at = clock_.now();
  const double late = std::chrono::duration<double>(at - job.due).count();
  obs::metrics()
      .histogram("scheduler_job_lateness_seconds", "Time from a job's due instant to its delivery")
      .observe(std::max(0.0, late));
  return {outcome, at};
}

std::vector<std::optional<PgScheduler::Delivery>> PgScheduler::deliver(const std::vector<Claimed>& jobs) {
  std::vector<std::optional<Delivery>> outcomes(jobs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    // Each thread runs its jobs' transactions (db::in_transaction) in
    // batches: when a batch fails, its jobs run again one by one.
    db::TransactionBatch batch(static_cast<std::size_t>(std::max(opts_.group_commit, 1)));
    std::vector<std::size_t> in_batch;
    auto settle_batch = [&] {
      std::string commit_error;
      if (!batch.finish(commit_error)) {
        if (!commit_error.empty())
          obs::warn("scheduler", "batch commit failed, delivering its jobs one by one", {{"error", commit_error}});
        for (const auto i : in_batch) outcomes[i] = deliver_one(jobs[i].job);
      }
      in_batch.clear();
    };
    for (std::size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      if (flag_.stopping()) break;
      {
        db::TransactionBatch::Scope scope(batch, db::TransactionBatch::Joins::Transactions);
        outcomes[i] = deliver_one(jobs[i].job);
      }
      in_batch.push_back(i);
      if (batch.failed() || batch.full()) settle_batch();
    }
    settle_batch();
  };
  const auto helpers = std::min<std::size_t>(static_cast<std::size_t>(std::max(opts_.concurrency, 1)), jobs.size()) - 1;
  {
    std::vector<std::jthread> threads;  // joined at the end of this block, before `outcomes` is returned
    threads.reserve(helpers);
    for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(work);
    work();
  }
  return outcomes;
}

void PgScheduler::settle(db::Connection& c, const std::vector<Claimed>& jobs,
                         const std::vector<std::optional<Delivery>>& outcomes) {
  std::vector<std::string> done_names, done_versions, retry_names, retry_versions, retry_due;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (!outcomes[i]) continue;  // not delivered (stopping): its lease brings it back
    const auto& j = jobs[i];
    const auto& d = *outcomes[i];
    if (d.outcome == JobOutcome::Success || j.attempts >= opts_.max_attempts) {
      if (d.outcome != JobOutcome::Success)
        obs::error("scheduler", "job dropped after failed attempts", {{"job", j.job.name}, {"attempts", j.attempts}});
      done_names.push_back(j.job.name);
      done_versions.push_back(std::to_string(j.version));
    } else {
      retry_names.push_back(j.job.name);
      retry_versions.push_back(std::to_string(j.version));
      retry_due.push_back(core::format_rfc3339(d.at + opts_.retry_delay));
    }
  }
  // One statement each, not one per job: a batch is up to 100 jobs.
  if (!done_names.empty())
    c.exec(
        "DELETE FROM scheduled_jobs s USING unnest($1::text[], $2::bigint[]) AS d(name, version)"
        " WHERE s.name = d.name AND s.version = d.version",
        db::Params(done_names, done_versions));
  if (!retry_names.empty())
    c.exec(
        "UPDATE scheduled_jobs s SET due_at = d.due, locked_until = NULL"
        " FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS d(name, version, due)"
        " WHERE s.name = d.name AND s.version = d.version",
        db::Params(retry_names, retry_versions, retry_due));
}

}  // namespace todo::runtime::local
