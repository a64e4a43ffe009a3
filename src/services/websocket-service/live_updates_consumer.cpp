#include "services/websocket-service/live_updates_consumer.h"

#include "obs/metrics.h"
#include "services/websocket-service/frames.h"

namespace todo::services::websocket {

runtime::Delivery LiveUpdatesConsumer::on_update(const core::EventHeader& header, const core::Event& event) {
  auto frame = frame_for(event);
  if (frame.empty()) return runtime::Delivery::Success;  // not for browsers
  const auto sent = hub_.send_to_user(header.user_id, std::make_shared<const std::string>(std::move(frame)));
  static auto& frames = obs::metrics().counter("ws_frames_sent_total", "Frames queued to WebSocket connections");
  frames.inc(static_cast<double>(sent));
  return runtime::Delivery::Success;
}

}  // namespace todo::services::websocket
