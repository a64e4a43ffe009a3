#pragma once
// websocket-service's consumer of task-updates: one frame per event to every
// connection of the event's user, and only theirs. Every process gets every
// event (a broadcast subscription), so a user's connections on any replica
// receive it. No database effect: a browser that missed a frame refetches
// when it reconnects, and dedupes frames on event_id.
#include "core/event_payloads.h"
#include "runtime/event_bus.h"
#include "services/websocket-service/connection_hub.h"

namespace todo::services::websocket {

class LiveUpdatesConsumer {
 public:
  explicit LiveUpdatesConsumer(ConnectionHub& hub) : hub_(hub) {}
  runtime::Delivery on_update(const core::EventHeader& header, const core::Event& event);

 private:
  ConnectionHub& hub_;
};

}  // namespace todo::services::websocket
