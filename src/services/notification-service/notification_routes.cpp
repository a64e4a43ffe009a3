#include "services/notification-service/notification_routes.h"

#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/page_cursor.h"
#include "services/notification-service/notification_repository.h"
#include "services/path_params.h"

namespace todo::services::notification {
namespace json = boost::json;
using net::Request;
using net::Response;

Response NotificationRoutes::list(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto query = parse_notification_query(req.query);
  auto conn = ctx_.db.acquire();
  const auto page = NotificationRepository(*conn).list(user_id, query);
  json::array items;
  items.reserve(page.items.size());
  for (const auto& n : page.items) items.push_back(core::to_json(n));
  json::value next = nullptr;
  if (page.next_before_seq) next = core::encode_seq_cursor(kCursorScope, *page.next_before_seq);
  return net::json_response(
      200, json::object{{"items", std::move(items)}, {"unread_count", page.unread_count}, {"next_cursor", next}});
}

Response NotificationRoutes::mark_read(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req, "notification");
  auto conn = ctx_.db.acquire();
  const auto n = NotificationRepository(*conn).mark_read(user_id, id);
  if (!n) throw core::not_found("notification");
  return net::json_response(200, core::to_json(*n));
}

Response NotificationRoutes::read_all(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  auto conn = ctx_.db.acquire();
  return net::json_response(200, json::object{{"count", NotificationRepository(*conn).mark_all_read(user_id)}});
}

Response NotificationRoutes::remove(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req, "notification");
  auto conn = ctx_.db.acquire();
  if (!NotificationRepository(*conn).remove(user_id, id)) throw core::not_found("notification");
  return net::no_content();
}

}  // namespace todo::services::notification
