#include "services/notification-service/notification_query.h"

#include "core/error.h"
#include "core/page_cursor.h"

namespace todo::services::notification {

NotificationQuery parse_notification_query(const core::QueryParams& params) {
  core::check_params(params, {"unread", "limit", "cursor"});
  NotificationQuery q;
  q.limit = core::limit_param(params, 50, 200);
  q.before_seq = core::seq_cursor_param(params, kCursorScope);
  if (const auto* u = core::find_param(params, "unread")) {
    if (*u != "true" && *u != "false") throw core::bad_request("unread must be true or false");
    q.unread_only = *u == "true";
  }
  return q;
}

}  // namespace todo::services::notification
