#include "services/audit-service/audit_query.h"

#include <algorithm>
#include <array>

#include "core/error.h"
#include "core/events.h"
#include "core/page_cursor.h"
#include "core/uuid.h"

namespace todo::services::audit {
AuditQuery parse_audit_query(const core::QueryParams& params) {
  core::check_params(params, {"task_id", "event_type", "limit", "cursor"});
  AuditQuery q;
  q.limit = core::limit_param(params, 50, 200);
  q.before_seq = core::seq_cursor_param(params, kCursorScope);
  if (const auto* task_id = core::find_param(params, "task_id")) {
    if (!core::is_uuid(*task_id)) throw core::bad_request("task_id must be a task id");
    q.task_id = *task_id;
  }
  if (const auto* type = core::find_param(params, "event_type")) {
    const auto& types = core::event_types::kTaskEventsTypes;
    if (std::find(types.begin(), types.end(), *type) == types.end()) {
      std::string list;
      for (const auto t : types) list += (list.empty() ? "" : ", ") + std::string(t);
      throw core::bad_request("event_type must be one of " + list);
    }
    q.event_type = *type;
  }
  return q;
}

}  // namespace todo::services::audit
