#pragma once
// The Scheduler port with Dapr Jobs API semantics: named one-shot jobs with a
// due instant and JSON data; scheduling a name again replaces the job;
// delivery is at least once, never before the due time. A handler answering
// Failure gets the job again after a short delay, a bounded number of times.
#include <boost/json/value.hpp>
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
  // The same, as part of `tx` where the adapter keeps jobs in the caller's
  // database (local): the change then exists if and only if `tx` commits.
  // Elsewhere (Dapr) it takes effect at once; handlers guard against jobs
  // whose cause was rolled back, and the reminder sweep covers lost ones.
  virtual void schedule(db::Transaction& tx, std::string_view name, core::Instant due, const boost::json::value& data) {
    (void)tx;
    schedule(name, due, data);
  }
  virtual void cancel(db::Transaction& tx, std::string_view name) {
    (void)tx;
    cancel(name);
  }
  // Jobs whose name starts with `prefix` go to `handler`. Register before start().
  virtual void handle(std::string prefix, JobHandler handler) = 0;
  virtual void start() = 0;
  virtual void stop() = 0;
};

}  // namespace todo::runtime
