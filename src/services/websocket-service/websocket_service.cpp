#include "services/websocket-service/websocket_service.h"

#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/strings.h"
#include "net/error_mapping.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace todo::services::websocket {
namespace json = boost::json;

namespace {

// "bearer, <jwt>" offered as subprotocols (browsers cannot set headers).
std::optional<std::string> token_from_protocols(std::string_view header) {
  const auto items = core::split_list(header);
  for (size_t i = 0; i + 1 < items.size(); ++i)
    if (net::lower(items[i]) == "bearer") return std::string(items[i + 1]);
  return std::nullopt;
}

}  // namespace

std::string frame_for(const core::Event& event) {
  const auto* occurred = event.data.if_contains("occurred_at");
  json::object frame{{"type", event.type},
                     {"event_id", event.id},
                     {"occurred_at", occurred ? *occurred : json::value(core::format_rfc3339(event.time))}};
  if (event.type == core::event_types::kNotificationCreated) {
    const auto* n = event.data.if_contains("notification");
    if (!n) return {};
    frame["notification"] = *n;
  } else if (event.type.starts_with("task.")) {
    const auto* t = event.data.if_contains("task");
    if (!t) return {};
    frame["task"] = *t;
  } else {
    return {};
  }
  return json::serialize(frame);
}

void WebSocketService::add_routes(net::Router& router) {
  net::ServiceRoutes r(router, std::string(kAppId));
  r.get("/ws", [](net::Request&) -> net::Response {
    throw core::bad_request("/ws expects a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket)");
  }, net::Execution::Inline);
}

void WebSocketService::subscribe(runtime::EventBus& bus) {
  runtime::Subscription s{std::string(core::topics::kTaskUpdates), std::string(kAppId),
                          [this](const core::Event& e) { return on_update(e); }};
  s.mode = runtime::Subscription::Mode::Broadcast;
  bus.subscribe(std::move(s));
  obs::metrics().gauge_fn("ws_hub_connections", "WebSocket connections registered with the hub",
                          [this] { return static_cast<double>(hub_.connections()); });
}

std::variant<net::WsAccept, net::Response> WebSocketService::authorize(const net::Request& req) {
  std::optional<std::string> token;
  std::string protocol;
  for (const auto& [k, v] : req.query)
    if (k == "token") token = v;
  if (!token) {
    token = token_from_protocols(req.header("sec-websocket-protocol"));
    if (token) protocol = "bearer";
  }
  try {
    if (!token) throw core::ApiError(core::ErrorCode::Unauthenticated, "missing token (use ?token=<jwt>)");
    auto claims = auth::verify_token(*token, ctx_.jwt, ctx_.clock.now());
    return net::WsAccept{std::move(claims.sub), protocol, std::chrono::system_clock::time_point(claims.exp)};
  } catch (const core::ApiError& e) {
    obs::info(kAppId, "websocket refused", {{"reason", e.what()}});
    return net::error_response(e, req.request_id);
  }
}

void WebSocketService::on_open(const std::shared_ptr<net::WsConnection>& conn) {
  hub_.add(conn);
  conn->send(std::make_shared<const std::string>(
      json::serialize(json::object{{"type", "hello"}, {"user_id", conn->user_id()}})));
}

void WebSocketService::on_close(net::WsConnection& conn) { hub_.remove(conn); }

runtime::Delivery WebSocketService::on_update(const core::Event& event) {
  // Only the event's user ever receives it (the partition key is the user).
  const auto* user = event.data.if_contains("user_id");
  if (!user || !user->is_string()) return runtime::Delivery::Success;
  auto frame = frame_for(event);
  if (frame.empty()) return runtime::Delivery::Success;
  const auto sent = hub_.send_to_user(std::string(user->get_string()),
                                      std::make_shared<const std::string>(std::move(frame)));
  obs::metrics().counter("ws_frames_sent_total", "Frames queued to WebSocket connections").inc(static_cast<double>(sent));
  return runtime::Delivery::Success;  // a browser that missed it refetches on reconnect
}

}  // namespace todo::services::websocket
