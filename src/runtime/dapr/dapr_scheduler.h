#pragma once
// The Scheduler port beside a Dapr sidecar (DESIGN §8.4), on the Jobs API.
//
// - schedule/cancel inside a transaction write an intent into the outbox;
//   the app's intent reader makes the Jobs API call after commit
//   (POST /v1.0-alpha1/jobs/<name> with dueTime, data and overwrite: true;
//   DELETE, where 404 counts as done). Outside a transaction they call at
//   once.
// - Deliveries arrive at POST /job/<name> with the job's data as the body;
//   the handler of the longest matching prefix runs; 200 is success, 500
//   asks the Scheduler to try again (its failure policy), an unknown name is
//   answered 200 (nothing will ever handle it).
// - every(name, …) is the cron input binding of that name (deploy/dapr/):
//   its start-up probe OPTIONS /<name> is answered 200 from the first moment,
//   deliveries POST /<name> run the handler and are answered 200. The
//   interval is the component's `schedule`, not this process's.
#include <boost/json/object.hpp>
#include <string>
#include <utility>
#include <vector>

#include "net/router.h"
#include "runtime/clock.h"
#include "runtime/dapr/sidecar.h"
#include "runtime/event_bus.h"
#include "runtime/eventlog/event_log.h"
#include "runtime/eventlog/intents.h"
#include "runtime/job_handlers.h"
#include "runtime/scheduler.h"

namespace todo::runtime::dapr {

class DaprScheduler final : public Scheduler {
 public:
  DaprScheduler(std::string app_id, eventlog::EventLog& log, Sidecar& sidecar, const Clock& clock)
      : app_id_(std::move(app_id)), log_(log), sidecar_(sidecar), clock_(clock) {}

  void schedule(std::string_view name, core::Instant due, const boost::json::value& data) override;
  void cancel(std::string_view name) override;
  void schedule(db::Transaction& tx, std::string_view name, core::Instant due, const boost::json::value& data) override;
  void cancel(db::Transaction& tx, std::string_view name) override;
  void handle(std::string prefix, JobHandler handler) override;
  void every(std::string name, std::chrono::seconds interval, JobHandler handler) override;

  void add_routes(net::ServiceRoutes& early, net::ServiceRoutes& gated);
  // The executors of this app's job intents.
  eventlog::IntentExecutors intent_executors();

  // The Jobs API calls; Success, Retry (sidecar or scheduler away) or Drop (refused).
  Delivery create_job(std::string_view name, core::Instant due, const boost::json::value& data);
  Delivery delete_job(std::string_view name);
  // A delivery of POST /job/<name>: true when handled (or never handleable).
  bool run_job(const std::string& name, std::string_view body);

 private:
  void call_or_throw(Delivery outcome, std::string_view what, std::string_view name);

  std::string app_id_;
  eventlog::EventLog& log_;
  Sidecar& sidecar_;
  const Clock& clock_;
  JobHandlers handlers_;
  std::vector<std::pair<std::string, JobHandler>> bindings_;
};

}  // namespace todo::runtime::dapr
