#include "services/audit-service/audit_service.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/page_cursor.h"
#include "core/uuid.h"
#include "db/seq_page.h"
#include "runtime/consume_once.h"

namespace todo::services::audit {
namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 5> kTaskEventTypes = {
    core::event_types::kTaskCreated, core::event_types::kTaskUpdated, core::event_types::kTaskCompleted,
    core::event_types::kTaskReopened, core::event_types::kTaskDeleted};

constexpr std::string_view kCursorScope = "audit";

}  // namespace

void AuditService::add_routes(net::Router& router) {
  net::ServiceRoutes r(router, std::string(kAppId));
  r.get("/api/{user_id}/audit", [this](net::Request& req) { return list(req); });
}

void AuditService::subscribe(runtime::EventBus& bus) {
  bus.subscribe(runtime::Subscription{std::string(core::topics::kTaskEvents), std::string(kAppId),
                                      [this](const core::Event& e) { return on_task_event(e); }});
}

runtime::Delivery AuditService::on_task_event(const core::Event& event) {
  const auto user_id = event.data_string("user_id");
  const auto task_id = event.data_string("task_id");
  const auto occurred = core::parse_rfc3339(event.data_string("occurred_at"));
  // An event without these can never be recorded: dead-letter it for a human.
  if (!core::is_uuid(user_id) || (!task_id.empty() && !core::is_uuid(task_id)) || !occurred)
    return runtime::Delivery::Drop;
  return runtime::consume_once(ctx_.db, kAppId, event, [&](db::Transaction& tx) {
    tx.exec(
        "INSERT INTO audit_log (id, event_id, event_type, task_id, user_id, occurred_at, recorded_at, data)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING",
        db::Params(core::new_uuid(), event.id, event.type,
                   task_id.empty() ? std::optional<std::string>() : std::optional(task_id), user_id, *occurred,
                   ctx_.clock.now(), json::serialize(event.data)));
    return runtime::Delivery::Success;
  });
}

net::Response AuditService::list(net::Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  core::check_params(req.query, {"task_id", "event_type", "limit", "cursor"});
  const int limit = core::limit_param(req.query, 50, 200);
  const auto cursor = core::cursor_param(req.query, kCursorScope);

  db::Params p(user_id);
  std::string sql =
      "SELECT seq, id, event_id, event_type, task_id, user_id, occurred_at, recorded_at, data FROM audit_log"
      " WHERE user_id = $1";
  if (const auto* task_id = core::find_param(req.query, "task_id")) {
    if (!core::is_uuid(*task_id)) throw core::bad_request("task_id must be a task id");
    p.add(*task_id);
    sql += " AND task_id = $" + std::to_string(p.size());
  }
  if (const auto* type = core::find_param(req.query, "event_type")) {
    if (std::find(kTaskEventTypes.begin(), kTaskEventTypes.end(), *type) == kTaskEventTypes.end())
      throw core::bad_request("event_type must be one of task.created, task.updated, task.completed, "
                              "task.reopened, task.deleted");
    p.add(*type);
    sql += " AND event_type = $" + std::to_string(p.size());
  }
  db::append_seq_page(sql, p, cursor, limit);

  auto conn = ctx_.db.acquire();
  const auto res = conn->exec(sql, p);
  json::array items;
  const int n = std::min(res.size(), limit);
  for (int i = 0; i < n; ++i) {
    const auto r = res[i];
    items.push_back(json::object{{"id", r.str(1)},
                                 {"event_id", r.str(2)},
                                 {"event_type", r.str(3)},
                                 {"task_id", r.is_null(4) ? json::value(nullptr) : json::value(r.str(4))},
                                 {"user_id", r.str(5)},
                                 {"occurred_at", core::format_rfc3339(r.instant(6))},
                                 {"recorded_at", core::format_rfc3339(r.instant(7))},
                                 {"data", json::parse(r.text(8))}});
  }
  return net::json_response(
      200, json::object{{"items", std::move(items)}, {"next_cursor", db::next_seq_cursor(res, limit, 0, kCursorScope)}});
}

}  // namespace todo::services::audit
