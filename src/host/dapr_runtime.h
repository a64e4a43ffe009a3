#pragma once
// The runtime beside a Dapr sidecar (DESIGN §8): every port over the
// sidecar's HTTP API, with the outbox and its relays on the service's own
// database. Hosts exactly one service.
#include <memory>
#include <string>

#include "db/pool.h"
#include "host/runtime_adapters.h"
#include "runtime/clock.h"
#include "runtime/dapr/dapr_event_bus.h"
#include "runtime/dapr/dapr_invoker.h"
#include "runtime/dapr/dapr_scheduler.h"
#include "runtime/dapr/dapr_state_store.h"
#include "runtime/dapr/sidecar.h"
#include "runtime/eventlog/event_log.h"

namespace todo::host {

class DaprRuntime final : public RuntimeAdapters {
 public:
  DaprRuntime(std::string app_id, db::Pool& pool, const Config& config, const runtime::Clock& clock);
  ~DaprRuntime() override;

  runtime::EventBus& bus() override { return bus_; }
  runtime::Scheduler& scheduler() override { return scheduler_; }
  runtime::Invoker& invoker() override { return invoker_; }
  runtime::StateStore& state(std::string_view) override { return state_; }

  void host(const services::ServiceInfo& service, const net::Dispatcher& internal) override;
  void add_routes(net::ServiceRoutes& early, net::ServiceRoutes& gated) override;
  void resolve_secrets(Config& config, const std::function<bool()>& stopping) override;
  void start() override;
  void stop() override;
  std::string not_ready() override;

 private:
  std::string app_id_;
  const runtime::Clock& clock_;
  runtime::dapr::Sidecar sidecar_;
  runtime::eventlog::EventLog log_;
  runtime::dapr::DaprEventBus bus_;
  runtime::dapr::DaprScheduler scheduler_;
  runtime::dapr::DaprInvoker invoker_;
  runtime::dapr::DaprStateStore state_;
  bool started_ = false;
};

}  // namespace todo::host
