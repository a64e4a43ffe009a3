#include "services/websocket-service/frames.h"

#include <boost/json.hpp>

#include "core/strings.h"

namespace todo::services::websocket {
namespace json = boost::json;

std::string hello_frame(std::string_view user_id) {
  return json::serialize(json::object{{"type", "hello"}, {"user_id", user_id}});
}

std::string frame_for(const core::Event& event) {
  const auto* occurred = event.data.if_contains("occurred_at");
  json::object frame{{"type", event.type},
                     {"event_id", event.id},
                     {"occurred_at", occurred ? *occurred : json::value(core::format_rfc3339(event.time))}};
  // The resource as published, without a parse and re-serialisation: the
  // same bytes fan out to every connection of the user.
  const char* field = event.type == core::event_types::kNotificationCreated ? "notification"
                      : event.type.starts_with("task.")                     ? "task"
                      : event.type.starts_with("project.")                  ? "project"
                                                                            : nullptr;
  if (!field) return {};
  const auto* resource = event.data.if_contains(field);
  if (!resource || !resource->is_object()) return {};
  frame[field] = *resource;
  return json::serialize(frame);
}

std::optional<std::string> token_from_protocols(std::string_view header) {
  const auto items = core::split_list(header);
  for (size_t i = 0; i + 1 < items.size(); ++i)
    if (core::iequals(items[i], "bearer")) return std::string(items[i + 1]);
  return std::nullopt;
}

}  // namespace todo::services::websocket
