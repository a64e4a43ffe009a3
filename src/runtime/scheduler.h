#pragma once
// The Scheduler port with Dapr Jobs API semantics: named one-shot jobs with a
// due instant and JSON data; scheduling a name again replaces the job;
// delivery is at least once, never before the due time. A handler answering
// Failure gets the job again after a short delay, a bounded number of times.
// Periodic work (every()) runs on each interval in one process of the app.
// The host starts and stops the adapter behind it.
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "db/transaction.h"

namespace todo::runtime {

struct Job {
  std::string name;
  core::Instant due{};
  boost::json::value data;
};

enum class JobOutcome { Success, Failure };
using JobHandler = std::function<JobOutcome(const Job&)>;

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual void schedule(std::string_view name, core::Instant due, const boost::json::value& data) = 0;
  virtual void cancel(std::string_view name) = 0;
  // The same as part of `tx`: the change takes effect if and only if `tx`
  // commits. The local adapter keeps jobs in the caller's database; the Dapr
  // adapter writes an intent into the outbox and calls the Jobs API after
  // commit (no network call inside a transaction).
  virtual void schedule(db::Transaction& tx, std::string_view name, core::Instant due,
                        const boost::json::value& data) = 0;
  virtual void cancel(db::Transaction& tx, std::string_view name) = 0;
  // Jobs whose name starts with `prefix` go to `handler`. Register before the host starts.
  virtual void handle(std::string prefix, JobHandler handler) = 0;
  // `handler` runs every `interval` (the first time one interval after
  // start-up) in one process of the app. `name` is a job name locally and the
  // name of a cron input binding beside Dapr (deploy/dapr/). A Failure is
  // logged; the next interval comes regardless.
  virtual void every(std::string name, std::chrono::seconds interval, JobHandler handler) = 0;
};

}  // namespace todo::runtime
