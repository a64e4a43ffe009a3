#include "services/audit-service/audit_routes.h"

#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/page_cursor.h"
#include "core/task.h"
#include "services/audit-service/audit_repository.h"

namespace todo::services::audit {
namespace json = boost::json;

namespace {

json::object to_json(const AuditEntry& e) {
  return json::object{{"id", e.id},
                      {"event_id", e.event_id},
                      {"event_type", e.event_type},
                      {"task_id", core::json_or_null(e.task_id)},
                      {"user_id", e.user_id},
                      {"occurred_at", core::format_rfc3339(e.occurred_at)},
                      {"recorded_at", core::format_rfc3339(e.recorded_at)},
                      {"data", json::parse(e.data)}};
}

}  // namespace

net::Response AuditRoutes::list(net::Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto query = parse_audit_query(req.query);
  auto conn = ctx_.db.acquire();
  const auto page = AuditRepository(*conn).list(user_id, query);
  json::array items;
  items.reserve(page.items.size());
  for (const auto& e : page.items) items.push_back(to_json(e));
  json::value next = nullptr;
  if (page.next_before_seq) next = core::encode_seq_cursor(kCursorScope, *page.next_before_seq);
  return net::json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
}

}  // namespace todo::services::audit
