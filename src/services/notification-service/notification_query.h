#pragma once
// The query of GET /api/{user_id}/notifications, validated (pure logic).
#include <optional>
#include <string_view>

#include "core/query_params.h"

namespace todo::services::notification {

inline constexpr std::string_view kCursorScope = "notifications";

struct NotificationQuery {
  bool unread_only = false;
  int limit = 50;
  std::optional<long long> before_seq;  // from the cursor
};

// Throws ApiError(BadRequest) naming the parameter that is wrong.
NotificationQuery parse_notification_query(const core::QueryParams& params);

}  // namespace todo::services::notification
