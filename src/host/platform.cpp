#include "host/platform.h"

#include "db/migrations.h"
#include "db/pool.h"
#include "host/ops_routes.h"
#include "net/dispatcher.h"
#include "net/http_server.h"
#include "obs/log.h"
#include "runtime/local/in_process_invoker.h"
#include "runtime/local/local_event_bus.h"
#include "runtime/local/pg_scheduler.h"
#include "services/audit-service/audit_service.h"
#include "services/gateway/gateway_service.h"
#include "services/notification-service/notification_service.h"
#include "services/recurring-service/recurring_service.h"
#include "services/todo-api/todo_api_service.h"
#include "services/websocket-service/websocket_service.h"

namespace todo::host {

struct Platform::Parts {
  Parts(Config c, const runtime::Clock& clk)
      : config(std::move(c)),
        clock(clk),
        db(config.database_url, config.db_pool_size),
        jwt(config.jwt_secret, config.jwt_ttl),
        bus(db, config.bus, clock),
        scheduler(db, {}, clock),
        ctx{db, bus, jwt, clock, &invoker, &scheduler} {}

  Config config;
  const runtime::Clock& clock;
  db::Pool db;
  auth::JwtCodec jwt;
  runtime::local::LocalEventBus bus;
  runtime::local::PgScheduler scheduler;
  runtime::local::InProcessInvoker invoker;
  services::ServiceContext ctx;
  std::unique_ptr<services::gateway::GatewayService> gateway;
  std::unique_ptr<services::todo_api::TodoApiService> todo_api;
  std::unique_ptr<services::audit::AuditService> audit;
  std::unique_ptr<services::recurring::RecurringService> recurring;
  std::unique_ptr<services::notification::NotificationService> notification;
  std::unique_ptr<services::websocket::WebSocketService> websocket;
  net::Router router;
  std::unique_ptr<net::Dispatcher> dispatcher;
  // Routes only other services reach, through the in-process Invoker.
  net::Router internal_router;
  std::unique_ptr<net::Dispatcher> internal_dispatcher;
  std::unique_ptr<net::HttpServer> server;
  bool started = false;
};

Platform::Platform(Config config, const runtime::Clock& clock)
    : parts_(std::make_unique<Parts>(std::move(config), clock)) {
  auto& p = *parts_;
  add_ops_routes(p.router, p.db);
  // Each hosted service adds its routes and its subscriptions; a process may
  // host any subset (SERVICES), all of them by default.
  if (p.config.hosts("gateway")) {
    services::gateway::GatewayOptions gw;
    gw.web_root = p.config.web_root;
    p.gateway = std::make_unique<services::gateway::GatewayService>(p.ctx, gw);
    p.gateway->add_routes(p.router);
  }
  if (p.config.hosts("todo-api")) {
    p.todo_api = std::make_unique<services::todo_api::TodoApiService>(p.ctx);
    p.todo_api->add_routes(p.router);
    p.todo_api->add_internal_routes(p.internal_router);
    p.todo_api->subscribe(p.bus);
    p.todo_api->register_jobs(p.scheduler);
  }
  if (p.config.hosts("recurring-service")) {
    p.recurring = std::make_unique<services::recurring::RecurringService>(p.ctx);
    p.recurring->subscribe(p.bus);
    p.recurring->register_jobs(p.scheduler);
  }
  if (p.config.hosts("notification-service")) {
    p.notification = std::make_unique<services::notification::NotificationService>(p.ctx);
    p.notification->add_routes(p.router);
    p.notification->subscribe(p.bus);
  }
  if (p.config.hosts("audit-service")) {
    p.audit = std::make_unique<services::audit::AuditService>(p.ctx);
    p.audit->add_routes(p.router);
    p.audit->subscribe(p.bus);
  }
  if (p.config.hosts("websocket-service")) {
    p.websocket = std::make_unique<services::websocket::WebSocketService>(p.ctx);
    p.websocket->subscribe(p.bus);
    p.websocket->add_routes(p.router);
  }
  p.dispatcher = std::make_unique<net::Dispatcher>(p.router);
  p.internal_dispatcher = std::make_unique<net::Dispatcher>(p.internal_router);
  if (p.todo_api) p.invoker.add("todo-api", *p.internal_dispatcher);

  net::ServerOptions so;
  so.port = p.config.port;
  so.io_threads = p.config.io_threads;
  so.workers = p.config.db_pool_size;
  so.read_timeout = p.config.http_read_timeout;
  so.idle_timeout = p.config.http_idle_timeout;
  so.ws.ping_interval = p.config.ws_ping_interval;
  so.ws.send_queue_limit = static_cast<size_t>(p.config.ws_send_queue);
  so.ws.socket_send_buffer = p.config.ws_socket_send_buffer;
  p.server = std::make_unique<net::HttpServer>(so, *p.dispatcher, p.websocket.get());
}

Platform::~Platform() { stop(); }

void Platform::start() {
  auto& p = *parts_;
  {
    auto conn = p.db.acquire();
    const auto applied = db::migrate(*conn, db::embedded_migrations());
    for (const auto& name : applied) obs::info("todo-platform", "migration applied", {{"migration", name}});
  }
  p.bus.start();
  p.scheduler.start();
  if (p.recurring) p.recurring->start();
  if (p.todo_api) p.todo_api->start();
  p.server->start();
  p.started = true;
  std::string hosted;
  for (const auto& s : p.config.services) hosted += (hosted.empty() ? "" : ",") + s;
  obs::info("todo-platform", "listening", {{"port", p.server->port()}, {"services", hosted}});
}

uint16_t Platform::port() const { return parts_->server->port(); }

void Platform::stop() {
  auto& p = *parts_;
  if (!p.started) return;
  p.started = false;
  // Requests first (they may publish), then the consumers.
  p.server->stop(p.config.shutdown_grace);
  p.scheduler.stop();
  p.bus.stop();
  obs::info("todo-platform", "stopped");
}

}  // namespace todo::host
