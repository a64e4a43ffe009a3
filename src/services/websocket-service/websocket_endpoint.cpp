#include "services/websocket-service/websocket_endpoint.h"

#include "auth/request_auth.h"
#include "core/error.h"
#include "net/error_mapping.h"
#include "obs/log.h"
#include "services/websocket-service/frames.h"
#include "services/websocket-service/websocket_service.h"

namespace todo::services::websocket {

std::variant<net::WsAccept, net::Response> WebSocketEndpoint::authorize(const net::Request& req) {
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

void WebSocketEndpoint::on_open(const std::shared_ptr<net::WsConnection>& conn) {
  hub_.add(conn);
  conn->send(std::make_shared<const std::string>(hello_frame(conn->user_id())));
}

void WebSocketEndpoint::on_close(net::WsConnection& conn) { hub_.remove(conn); }

net::Response WebSocketEndpoint::not_upgraded(net::Request&) {
  throw core::bad_request("/ws expects a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket)");
}

}  // namespace todo::services::websocket
