#include "host/service_host.h"

#include "core/error.h"
#include "db/migrations.h"
#include "host/dapr_runtime.h"
#include "host/local_runtime.h"
#include "host/ops_routes.h"
#include "obs/log.h"
#include "services/registry.h"

namespace todo::host {
namespace {

// What the gateway forwards: the public routes of every service not hosted here.
services::ServiceSettings settings_for(const Config& config) {
  services::ServiceSettings s;
  s.web_root = config.web_root;
  s.auth_rate_limit = config.auth_rate_limit;
  s.trusted_proxies = config.trusted_proxies;
  for (const auto& info : services::service_registry()) {
    if (config.hosts(info.app_id)) continue;
    for (auto& key : info.public_routes()) s.remote_routes.push_back({std::string(info.app_id), std::move(key)});
  }
  return s;
}

std::unique_ptr<RuntimeAdapters> make_runtime(const std::string& name, db::Pool& db, const Config& config,
                                              const runtime::Clock& clock) {
  if (config.runtime == RuntimeKind::Dapr) return std::make_unique<DaprRuntime>(name, db, config, clock);
  return std::make_unique<LocalRuntime>(db, config, clock);
}

net::ServerOptions server_options(const Config& c) {
  net::ServerOptions so;
  so.address = c.host;
  so.port = c.port;
  so.worker_queue_limit = static_cast<size_t>(c.http_queue_limit);
  so.isolated_workers = c.hash_workers;
  so.max_connections_per_client = static_cast<size_t>(c.max_connections_per_client);
  so.trusted_proxies = net::AddressSet(c.trusted_proxies);
  so.io_threads = c.io_threads;
  so.workers = c.db_pool_size;
  so.handler_fibers = c.handler_fibers;
  so.read_timeout = c.http_read_timeout;
  so.idle_timeout = c.http_idle_timeout;
  so.ws.ping_interval = c.ws_ping_interval;
  so.ws.send_queue_limit = static_cast<size_t>(c.ws_send_queue);
  so.ws.socket_send_buffer = c.ws_socket_send_buffer;
  return so;
}

}  // namespace

ServiceHost::ServiceHost(std::string name, Config config, const runtime::Clock& clock)
    : name_(std::move(name)),
      config_(std::move(config)),
      clock_(clock),
      db_(config_.db_pool_size),
      jwt_(config_.jwt_secret, config_.jwt_ttl),
      runtime_(make_runtime(name_, db_, config_, clock_)) {
  db::set_statement_timeout(config_.db_statement_timeout);
  const bool dapr = config_.runtime == RuntimeKind::Dapr;
  // Until boot() finishes, every route but the early ones answers 503.
  const net::Guard started_gate = [this](const net::Request&) {
    if (!started_.load()) throw core::ApiError(core::ErrorCode::Unavailable, "starting up").with_retry_after(1);
  };
  // Beside Dapr, what only the sidecar may call carries its token.
  std::vector<net::Guard> sidecar_guards;
  if (!config_.app_api_token.empty()) {
    sidecar_guards.push_back([token = config_.app_api_token](const net::Request& req) {
      if (req.header("dapr-api-token") != token)
        throw core::ApiError(core::ErrorCode::Unauthenticated, "this route needs the app API token");
    });
  }

  net::ServiceRoutes ops(router_, name_);
  add_ops_routes(ops, db_, [this] { return not_ready(); });

  const auto settings = settings_for(config_);
  for (const auto& info : services::service_registry()) {
    if (!config_.hosts(info.app_id)) continue;
    const services::ServiceContext ctx{db_,    runtime_->bus(),       jwt_, clock_, runtime_->invoker(),
                                       runtime_->scheduler(), runtime_->state(info.app_id)};
    auto service = info.make(ctx, settings);
    net::ServiceRoutes pub(router_, std::string(info.app_id), {started_gate});
    service->add_routes(pub);
    if (dapr) {
      net::ServiceRoutes internal(router_, std::string(info.app_id), sidecar_guards);
      auto gated = internal.with(started_gate);
      service->add_internal_routes(gated);
    } else {
      net::ServiceRoutes internal(internal_router_, std::string(info.app_id));
      service->add_internal_routes(internal);
    }
    service->subscribe(runtime_->bus());
    service->register_jobs(runtime_->scheduler());
    services_.push_back(std::move(service));
  }
  {
    net::ServiceRoutes early(router_, name_, sidecar_guards);
    auto gated = early.with(started_gate);
    runtime_->add_routes(early, gated);
  }

  dispatcher_ = std::make_unique<net::Dispatcher>(router_);
  internal_dispatcher_ = std::make_unique<net::Dispatcher>(internal_router_);
  for (const auto& info : services::service_registry())
    if (config_.hosts(info.app_id)) runtime_->host(info, *internal_dispatcher_);

  net::WsEndpoint* ws = nullptr;
  for (auto& s : services_)
    if (auto* e = s->websocket()) ws = e;
  server_ = std::make_unique<net::HttpServer>(server_options(config_), *dispatcher_, ws);
}

ServiceHost::~ServiceHost() { stop(); }

void ServiceHost::boot() {
  runtime_->resolve_secrets(config_, [this] { return stopping_.load(); });
  check_database_url(config_.database_url);
  check_jwt_secret(config_.jwt_secret);
  if (!db_.is_open()) db_.open(config_.database_url);
  jwt_.set_secret(config_.jwt_secret);
  {
    auto conn = db_.acquire();
    for (const auto& name : db::migrate(*conn, db::embedded_migrations()))
      obs::info(name_, "migration applied", {{"migration", name}});
  }
  runtime_->start();
  for (auto& s : services_) s->start();
  started_ = true;
}

void ServiceHost::boot_until_started() {
  auto backoff = std::chrono::milliseconds(200);
  while (!stopping_.load()) {
    try {
      boot();
      obs::info(name_, "started", {{"port", server_->port()}});
      return;
    } catch (const ConfigError& e) {
      // A secret from the store that fails the checks will not get better.
      obs::error(name_, "invalid configuration", {{"variable", e.variable()}, {"error", e.what()}});
    } catch (const std::exception& e) {
      obs::warn(name_, "not started yet, retrying", {{"error", e.what()}, {"retry_ms", backoff.count()}});
    }
    for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stopping_.load();
         waited += std::chrono::milliseconds(50))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

std::string ServiceHost::not_ready() {
  if (!started_.load()) return "starting up";
  return runtime_->not_ready();
}

void ServiceHost::start() {
  std::string hosted;
  for (const auto& s : config_.services) hosted += (hosted.empty() ? "" : ",") + s;
  if (config_.runtime == RuntimeKind::Local) {
    boot();
    server_->start();
  } else {
    server_->start();
    booter_ = std::thread([this] { boot_until_started(); });
  }
  listening_ = true;
  obs::info(name_, "listening", {{"port", server_->port()}, {"services", hosted}});
}

uint16_t ServiceHost::port() const { return server_->port(); }

void ServiceHost::stop() {
  if (stopping_.exchange(true)) return;
  if (booter_.joinable()) booter_.join();
  if (!listening_.load()) return;
  // Requests first (they may publish), then deliveries and jobs, then the services.
  server_->stop(config_.shutdown_grace);
  if (started_.load()) {
    runtime_->stop();
    for (auto& s : services_) s->stop();
  }
  obs::info(name_, "stopped");
}

}  // namespace todo::host
