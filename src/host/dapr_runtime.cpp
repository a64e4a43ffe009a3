#include "host/dapr_runtime.h"

#include <thread>

#include "host/local_runtime.h"
#include "obs/log.h"
#include "runtime/dapr/secrets.h"
#include "runtime/eventlog/intents.h"

namespace todo::host {
namespace {

runtime::dapr::SidecarOptions sidecar_options(const Config& c) {
  runtime::dapr::SidecarOptions o;
  o.host = c.dapr_host;
  o.port = c.dapr_http_port;
  o.api_token = c.dapr_api_token;
  o.max_connections = static_cast<size_t>(std::max(8, c.db_pool_size * 2));
  return o;
}

}  // namespace

DaprRuntime::DaprRuntime(std::string app_id, db::Pool& pool, const Config& config, const runtime::Clock& clock)
    : app_id_(std::move(app_id)),
      clock_(clock),
      sidecar_(sidecar_options(config)),
      log_(pool, log_options(config), clock),
      bus_(app_id_, log_, sidecar_, pool, clock),
      scheduler_(app_id_, log_, sidecar_, clock),
      invoker_(log_, sidecar_, clock),
      state_(sidecar_) {}

DaprRuntime::~DaprRuntime() { stop(); }

void DaprRuntime::host(const services::ServiceInfo& service, const net::Dispatcher&) {
  // Internal routes are on the service's port, where the sidecar calls them.
  for (const auto topic : service.outbox_topics) {
    if (topic != runtime::eventlog::kIntentsTopic) {
      bus_.relay(std::string(topic));
      continue;
    }
    auto executors = scheduler_.intent_executors();
    executors.emplace(std::string(runtime::eventlog::intent_types::kInvoke), [this](const boost::json::object& data) {
      return runtime::eventlog::carry_out_invoke(invoker_, data);
    });
    log_.add_reader(runtime::eventlog::intent_subscription(std::string(service.app_id), std::move(executors)),
                    std::string(service.app_id), runtime::eventlog::relay_options(log_.options()));
  }
}

void DaprRuntime::add_routes(net::ServiceRoutes& early, net::ServiceRoutes& gated) {
  bus_.add_routes(early, gated);
  scheduler_.add_routes(early, gated);
}

void DaprRuntime::resolve_secrets(Config& config, const std::function<bool()>& stopping) {
  struct Wanted {
    std::string* value;
    const char* key;
    const char* variable;
  };
  for (const auto& w : {Wanted{&config.database_url, "database-url", "DATABASE_URL"},
                        Wanted{&config.jwt_secret, "jwt-secret", "JWT_SECRET"}}) {
    // The environment wins; only what it leaves unset is read.
    auto backoff = std::chrono::milliseconds(100);
    while (w.value->empty()) {
      if (stopping()) throw std::runtime_error("stopped while waiting for the secret store");
      try {
        if (auto v = runtime::dapr::read_secret(sidecar_, w.key)) {
          *w.value = std::move(*v);
          obs::info(app_id_, "read a secret from the secret store", {{"variable", w.variable}});
          break;
        }
        throw std::runtime_error(std::string("the secret store has no ") + w.key);
      } catch (const std::exception& e) {
        obs::warn(app_id_, "waiting for the secret store", {{"variable", w.variable}, {"error", e.what()}});
      }
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
    }
  }
}

void DaprRuntime::start() {
  log_.start();
  bus_.start();
  started_ = true;
}

void DaprRuntime::stop() {
  if (!started_) return;
  started_ = false;
  bus_.stop();
  log_.stop();
}

std::string DaprRuntime::not_ready() {
  return sidecar_.outbound_ready() ? std::string() : "the Dapr sidecar is not ready";
}

}  // namespace todo::host
