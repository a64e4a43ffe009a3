#pragma once
// The embedded runtime: every port on PostgreSQL (the event log, the
// scheduled_jobs table, the state table) plus in-process invocation.
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "db/pool.h"
#include "host/runtime_adapters.h"
#include "runtime/clock.h"
#include "runtime/eventlog/event_log.h"
#include "runtime/local/in_process_invoker.h"
#include "runtime/local/local_event_bus.h"
#include "runtime/local/pg_scheduler.h"
#include "runtime/local/pg_state_store.h"
#include "runtime/stop_flag.h"

namespace todo::host {

// The event log's delivery policy from the configuration.
runtime::eventlog::LogOptions log_options(const Config& config);

class LocalRuntime final : public RuntimeAdapters {
 public:
  LocalRuntime(db::Pool& pool, const Config& config, const runtime::Clock& clock);
  ~LocalRuntime() override;

  runtime::EventBus& bus() override { return bus_; }
  runtime::Scheduler& scheduler() override { return scheduler_; }
  runtime::Invoker& invoker() override { return invoker_; }
  runtime::StateStore& state(std::string_view app_id) override;

  void host(const services::ServiceInfo& service, const net::Dispatcher& internal) override;
  void start() override;
  void stop() override;

 private:
  db::Pool& pool_;
  const runtime::Clock& clock_;
  runtime::eventlog::EventLog log_;
  runtime::local::LocalEventBus bus_;
  runtime::local::PgScheduler scheduler_;
  runtime::local::InProcessInvoker invoker_;
  std::map<std::string, std::unique_ptr<runtime::local::PgStateStore>, std::less<>> states_;
  // Purges expired state rows at start and every `state_cleanup_`.
  std::chrono::milliseconds state_cleanup_;
  runtime::StopFlag janitor_stop_;
  std::thread janitor_;
};

}  // namespace todo::host
