#include "host/local_runtime.h"

#include "obs/log.h"
#include "runtime/eventlog/intents.h"

namespace todo::host {

runtime::eventlog::LogOptions log_options(const Config& c) {
  runtime::eventlog::LogOptions o;
  o.max_attempts = c.event_max_attempts;
  o.retry_base = c.event_retry_base;
  o.retry_max = c.event_retry_max;
  o.poll_interval = c.event_poll_interval;
  o.retention = c.event_retention;
  o.parallelism = c.event_parallelism;
  o.group_commit = c.group_commit_size;
  return o;
}

LocalRuntime::LocalRuntime(db::Pool& pool, const Config& config, const runtime::Clock& clock)
    : pool_(pool),
      clock_(clock),
      log_(pool, log_options(config), clock),
      bus_(log_),
      scheduler_(pool, runtime::local::SchedulerOptions{.group_commit = config.group_commit_size}, clock),
      invoker_(log_, clock),
      state_cleanup_(config.state_cleanup_interval) {}

LocalRuntime::~LocalRuntime() {
  janitor_stop_.stop();
  if (janitor_.joinable()) janitor_.join();
}

runtime::StateStore& LocalRuntime::state(std::string_view app_id) {
  auto it = states_.find(app_id);
  if (it == states_.end())
    it = states_.emplace(std::string(app_id), std::make_unique<runtime::local::PgStateStore>(pool_, std::string(app_id)))
             .first;
  return *it->second;
}

void LocalRuntime::host(const services::ServiceInfo& service, const net::Dispatcher& internal) {
  invoker_.add(std::string(service.app_id), internal);
  for (const auto topic : service.outbox_topics) {
    if (topic != runtime::eventlog::kIntentsTopic) continue;  // events: subscribers read the log themselves
    // The service's intents, carried out after commit through this process's
    // invoker; a refusal is dead-lettered by the executor.
    log_.add_reader(runtime::eventlog::intent_subscription(
                        std::string(service.app_id),
                        {{std::string(runtime::eventlog::intent_types::kInvoke),
                          [this](const boost::json::object& data) {
                            return runtime::eventlog::carry_out_invoke(invoker_, data);
                          }}}),
                    std::string(service.app_id), runtime::eventlog::relay_options(log_.options()));
  }
}

void LocalRuntime::start() {
  log_.start();
  scheduler_.start();
  janitor_ = std::thread([this] {
    do {
      try {
        if (const auto n = runtime::local::purge_expired_state(pool_); n > 0)
          obs::info("state-store", "purged expired rows", {{"rows", n}});
      } catch (const std::exception& e) {
        obs::warn("state-store", "purging expired rows failed", {{"error", e.what()}});
      }
    } while (janitor_stop_.wait_for(state_cleanup_));
  });
}

void LocalRuntime::stop() {
  janitor_stop_.stop();
  if (janitor_.joinable()) janitor_.join();
  scheduler_.stop();
  log_.stop();
}

}  // namespace todo::host
