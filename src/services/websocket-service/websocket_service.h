#pragma once
// websocket-service: authenticated, per-user live updates (DESIGN §3.6).
// Upgrades GET /ws after checking the JWT (query `token` or the
// `Sec-WebSocket-Protocol: bearer, <jwt>` form), sends a hello frame, then
// one frame per task-updates event of that user to each of the user's
// connections. Every process consumes task-updates as a broadcast
// subscriber, so each replica sees every event.
#include "net/router.h"
#include "net/websocket.h"
#include "runtime/event_bus.h"
#include "services/service_context.h"
#include "services/websocket-service/connection_hub.h"

namespace todo::services::websocket {

inline constexpr std::string_view kAppId = "websocket-service";

class WebSocketService final : public net::WsEndpoint {
 public:
  explicit WebSocketService(ServiceContext ctx) : ctx_(ctx) {}
  void subscribe(runtime::EventBus& bus);
  // GET /ws without an upgrade: 400, in the error contract.
  void add_routes(net::Router& router);

  std::string_view path() const override { return "/ws"; }
  std::variant<net::WsAccept, net::Response> authorize(const net::Request& req) override;
  void on_open(const std::shared_ptr<net::WsConnection>& conn) override;
  void on_close(net::WsConnection& conn) override;

  runtime::Delivery on_update(const core::Event& event);
  const ConnectionHub& hub() const { return hub_; }

 private:
  ServiceContext ctx_;
  ConnectionHub hub_;
};

// The frame for an event, or empty when the event is not for browsers.
std::string frame_for(const core::Event& event);

}  // namespace todo::services::websocket
