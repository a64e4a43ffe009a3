#pragma once
// websocket-service: authenticated, per-user live updates (DESIGN §3.6).
#include <string_view>

#include "services/service.h"
#include "services/websocket-service/connection_hub.h"
#include "services/websocket-service/live_updates_consumer.h"
#include "services/websocket-service/websocket_endpoint.h"

namespace todo::services::websocket {

inline constexpr std::string_view kAppId = "websocket-service";

class WebSocketService final : public Service {
 public:
  explicit WebSocketService(const ServiceContext& ctx) : endpoint_(ctx, hub_), consumer_(hub_) {}
  std::string_view app_id() const override { return kAppId; }
  void add_routes(net::ServiceRoutes& routes) override;
  void subscribe(runtime::EventBus& bus) override;
  net::WsEndpoint* websocket() override { return &endpoint_; }

  LiveUpdatesConsumer& consumer() { return consumer_; }

 private:
  ConnectionHub hub_;
  WebSocketEndpoint endpoint_;
  LiveUpdatesConsumer consumer_;
};

}  // namespace todo::services::websocket
