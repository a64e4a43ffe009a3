#include "services/notification-service/notification_service.h"

#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/local_time.h"
#include "core/page_cursor.h"
#include "core/uuid.h"
#include "db/seq_page.h"
#include "runtime/consume_once.h"

namespace todo::services::notification {
namespace json = boost::json;
using net::Request;
using net::Response;

namespace {

constexpr std::string_view kCursorScope = "notifications";
constexpr const char* kColumns = "id, user_id, task_id, type, message, read, created_at, seq";

json::object to_json(const db::Row& r) {
  return json::object{{"id", r.str(0)},
                      {"user_id", r.str(1)},
                      {"task_id", r.is_null(2) ? json::value(nullptr) : json::value(r.str(2))},
                      {"type", r.str(3)},
                      {"message", r.str(4)},
                      {"read", r.boolean(5)},
                      {"created_at", core::format_rfc3339(r.instant(6))}};
}

std::string id_param(const Request& req) {
  const auto id = req.param("id");
  if (!core::is_uuid(id)) throw core::not_found("notification");
  return std::string(id);
}

}  // namespace

std::string reminder_message(std::string_view title, const std::optional<core::Instant>& due, std::string_view tz) {
  std::string m = "Reminder: \u201c" + std::string(title) + "\u201d";
  if (due) m += " is due " + core::format_local(*due, tz) + " (" + std::string(tz) + ")";
  return m;
}

void NotificationService::add_routes(net::Router& router) {
  net::ServiceRoutes r(router, std::string(kAppId));
  r.get("/api/{user_id}/notifications", [this](Request& req) { return list(req); });
  r.patch("/api/{user_id}/notifications/{id}/read", [this](Request& req) { return mark_read(req); });
  r.post("/api/{user_id}/notifications/read-all", [this](Request& req) { return read_all(req); });
  r.del("/api/{user_id}/notifications/{id}", [this](Request& req) { return remove(req); });
}

void NotificationService::subscribe(runtime::EventBus& bus) {
  bus.subscribe(runtime::Subscription{std::string(core::topics::kReminders), std::string(kAppId),
                                      [this](const core::Event& e) { return on_reminder(e); }});
}

runtime::Delivery NotificationService::on_reminder(const core::Event& event) {
  if (event.type != core::event_types::kReminderDue) return runtime::Delivery::Success;  // not for us
  const auto user_id = event.data_string("user_id");
  const auto task_id = event.data_string("task_id");
  if (!core::is_uuid(user_id) || !core::is_uuid(task_id)) return runtime::Delivery::Drop;
  const auto due = core::parse_rfc3339(event.data_string("due_date"));
  auto tz = event.data_string("timezone");
  if (tz.empty()) tz = "UTC";
  return runtime::consume_once(ctx_.db, kAppId, event, [&](db::Transaction& tx) {
    const auto now = ctx_.clock.now();
    const auto inserted = tx.exec(
        std::string("INSERT INTO notifications (id, user_id, task_id, type, message, created_at, event_id)"
                    " VALUES ($1, $2, $3, 'reminder', $4, $5, $6) ON CONFLICT (event_id) DO NOTHING RETURNING ") +
            kColumns,
        db::Params(core::new_uuid(), user_id, task_id, reminder_message(event.data_string("title"), due, tz), now,
                   event.id));
    if (inserted.empty()) return runtime::Delivery::Success;  // already notified
    const auto notification = to_json(inserted.front());
    const auto created = core::make_event(
        core::event_types::kNotificationCreated, user_id, std::string(notification.at("id").as_string()), now,
        core::EventOrigin{std::string(kAppId), event.data_string("correlation_id"), event.traceparent},
        json::object{{"task_id", task_id}, {"notification", notification}});
    ctx_.bus.publish(tx, core::topics::kTaskUpdates, created);
    return runtime::Delivery::Success;
  });
}

Response NotificationService::list(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  core::check_params(req.query, {"unread", "limit", "cursor"});
  const int limit = core::limit_param(req.query, 50, 200);
  const auto cursor = core::cursor_param(req.query, kCursorScope);
  bool unread_only = false;
  if (const auto* u = core::find_param(req.query, "unread")) {
    if (*u != "true" && *u != "false") throw core::bad_request("unread must be true or false");
    unread_only = *u == "true";
  }
  db::Params p(user_id, unread_only);
  std::string sql = std::string("SELECT ") + kColumns + " FROM notifications WHERE user_id = $1 AND (NOT $2 OR NOT read)";
  db::append_seq_page(sql, p, cursor, limit);

  auto conn = ctx_.db.acquire();
  const auto res = conn->exec(sql, p);
  json::array items;
  const int n = std::min(res.size(), limit);
  for (int i = 0; i < n; ++i) items.push_back(to_json(res[i]));
  const auto next = db::next_seq_cursor(res, limit, 7, kCursorScope);
  const auto unread =
      conn->exec("SELECT count(*) FROM notifications WHERE user_id = $1 AND NOT read", db::Params(user_id)).front().int64(0);
  return net::json_response(200, json::object{{"items", std::move(items)}, {"unread_count", unread}, {"next_cursor", next}});
}

Response NotificationService::mark_read(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req);
  auto conn = ctx_.db.acquire();
  const auto res = conn->exec(std::string("UPDATE notifications SET read = true WHERE id = $1 AND user_id = $2 RETURNING ") +
                                  kColumns,
                              db::Params(id, user_id));
  if (res.empty()) throw core::not_found("notification");
  return net::json_response(200, to_json(res.front()));
}

Response NotificationService::read_all(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  auto conn = ctx_.db.acquire();
  const auto n = conn->exec("UPDATE notifications SET read = true WHERE user_id = $1 AND NOT read", db::Params(user_id))
                     .affected();
  return net::json_response(200, json::object{{"count", n}});
}

Response NotificationService::remove(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req);
  auto conn = ctx_.db.acquire();
  if (conn->exec("DELETE FROM notifications WHERE id = $1 AND user_id = $2", db::Params(id, user_id)).affected() == 0)
    throw core::not_found("notification");
  return net::no_content();
}

}  // namespace todo::services::notification
