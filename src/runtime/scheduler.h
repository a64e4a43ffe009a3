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
  // Jobs whose name starts with `prefix` go to `handler`. Register before start().
  virtual void handle(std::string prefix, JobHandler handler) = 0;
  virtual void start() = 0;
  virtual void stop() = 0;
};

}  // namespace todo::runtime
