#include "services/websocket-service/websocket_service.h"

#include "obs/metrics.h"
#include "runtime/typed_handler.h"

namespace todo::services::websocket {

void WebSocketService::add_routes(net::ServiceRoutes& routes) { bind_routes(routes, endpoint_, kWebSocketRoutes); }

void WebSocketService::subscribe(runtime::EventBus& bus) {
  runtime::Subscription s{std::string(core::topics::kTaskUpdates), std::string(kAppId),
                          runtime::typed<core::EventHeader>(kAppId, [this](const core::EventHeader& h,
                                                                          const core::Event& e) {
                            return consumer_.on_update(h, e);
                          })};
  s.mode = runtime::Subscription::Mode::Broadcast;
  bus.subscribe(std::move(s));
  obs::metrics().gauge_fn("ws_hub_connections", "WebSocket connections registered with the hub",
                          [this] { return static_cast<double>(hub_.connections()); });
}

}  // namespace todo::services::websocket
