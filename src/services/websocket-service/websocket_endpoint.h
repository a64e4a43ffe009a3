#pragma once
// websocket-service's endpoint: GET /ws upgrades after the JWT is checked
// (query `token` or `Sec-WebSocket-Protocol: bearer, <jwt>`), sends the hello
// frame and registers the connection with the hub until it closes. A plain
// GET /ws (no upgrade) is 400 in the error contract.
#include <array>

#include "net/websocket.h"
#include "services/route_table.h"
#include "services/service_context.h"
#include "services/websocket-service/connection_hub.h"

namespace todo::services::websocket {

class WebSocketEndpoint final : public net::WsEndpoint {
 public:
  WebSocketEndpoint(const ServiceContext& ctx, ConnectionHub& hub) : ctx_(ctx), hub_(hub) {}
  std::string_view path() const override { return "/ws"; }
  std::variant<net::WsAccept, net::Response> authorize(const net::Request& req) override;
  void on_open(const std::shared_ptr<net::WsConnection>& conn) override;
  void on_close(net::WsConnection& conn) override;

  net::Response not_upgraded(net::Request& req);

 private:
  ServiceContext ctx_;
  ConnectionHub& hub_;
};

inline constexpr std::array<RouteSpec<WebSocketEndpoint>, 1> kWebSocketRoutes = {{
    {"GET", "/ws", &WebSocketEndpoint::not_upgraded, net::Execution::Inline},
}};

}  // namespace todo::services::websocket
