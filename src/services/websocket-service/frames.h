#pragma once
// What websocket-service sends to browsers (DESIGN §3.6), as pure functions.
#include <optional>
#include <string>
#include <string_view>

#include "core/events.h"

namespace todo::services::websocket {

// {"type": "hello", "user_id": …}: the first frame of every connection.
std::string hello_frame(std::string_view user_id);

// The frame for an event of task-updates: {"type", "event_id",
// "occurred_at", "task"}, {…, "project"} or {…, "notification"}; empty when
// the event is not for browsers.
std::string frame_for(const core::Event& event);

// The token of `Sec-WebSocket-Protocol: bearer, <jwt>` (browsers cannot set
// an Authorization header on a WebSocket).
std::optional<std::string> token_from_protocols(std::string_view header);

}  // namespace todo::services::websocket
