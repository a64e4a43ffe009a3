#include "services/registry.h"

#include "core/events.h"
#include "runtime/eventlog/intents.h"
#include "services/audit-service/audit_service.h"
#include "services/gateway/gateway_service.h"
#include "services/notification-service/notification_service.h"
#include "services/recurring-service/recurring_service.h"
#include "services/todo-api/todo_api_service.h"
#include "services/websocket-service/websocket_service.h"

namespace todo::services {
namespace {

std::vector<net::RouteKey> none() { return {}; }

}  // namespace

const std::vector<ServiceInfo>& service_registry() {
  static const std::vector<ServiceInfo> registry = {
      {todo_api::kAppId, 8000, {core::topics::kTaskEvents, core::topics::kTaskUpdates},
       &todo_api::TodoApiService::public_routes,
       [](const ServiceContext& ctx, const ServiceSettings&) -> std::unique_ptr<Service> {
         return std::make_unique<todo_api::TodoApiService>(ctx);
       }},
      {recurring::kAppId, 8001, {core::topics::kReminders, runtime::eventlog::kIntentsTopic}, &none,
       [](const ServiceContext& ctx, const ServiceSettings&) -> std::unique_ptr<Service> {
         return std::make_unique<recurring::RecurringService>(ctx);
       }},
      {notification::kAppId, 8002, {core::topics::kTaskUpdates},
       &notification::NotificationService::public_routes,
       [](const ServiceContext& ctx, const ServiceSettings&) -> std::unique_ptr<Service> {
         return std::make_unique<notification::NotificationService>(ctx);
       }},
      {audit::kAppId, 8003, {}, &audit::AuditService::public_routes,
       [](const ServiceContext& ctx, const ServiceSettings&) -> std::unique_ptr<Service> {
         return std::make_unique<audit::AuditService>(ctx);
       }},
      // /ws is not forwarded: invocation carries no WebSockets, so the
      // ingress (or the edge proxy of a one-machine run) routes it to
      // websocket-service itself.
      {websocket::kAppId, 8004, {}, &none,
       [](const ServiceContext& ctx, const ServiceSettings&) -> std::unique_ptr<Service> {
         return std::make_unique<websocket::WebSocketService>(ctx);
       }},
      {gateway::kAppId, 3000, {}, &gateway::GatewayService::public_routes,
       [](const ServiceContext& ctx, const ServiceSettings& s) -> std::unique_ptr<Service> {
         gateway::GatewayOptions o;
         o.web_root = s.web_root;
         o.remote_routes = s.remote_routes;
         o.auth_rate_limit = s.auth_rate_limit;
         o.trusted_proxies = s.trusted_proxies;
         return std::make_unique<gateway::GatewayService>(ctx, std::move(o));
       }},
  };
  return registry;
}

const ServiceInfo* find_service(std::string_view app_id) {
  for (const auto& s : service_registry())
    if (s.app_id == app_id) return &s;
  return nullptr;
}

}  // namespace todo::services
