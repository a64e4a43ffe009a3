#pragma once
// The query of GET /api/{user_id}/audit, validated (pure logic). event_type
// is one of the types of task-events (core::event_types::kTaskEventsTypes).
#include <optional>
#include <string>

#include "core/query_params.h"

namespace todo::services::audit {

inline constexpr std::string_view kCursorScope = "audit";

struct AuditQuery {
  std::optional<std::string> task_id;
  std::optional<std::string> event_type;
  int limit = 50;
  std::optional<long long> before_seq;  // from the cursor
};

// Throws ApiError(BadRequest) naming the parameter that is wrong.
AuditQuery parse_audit_query(const core::QueryParams& params);

}  // namespace todo::services::audit
