#pragma once
// todo-api's internal route, called by recurring-service through the
// Invoker (after its own commit): POST /internal/next-occurrence.
#include <array>

#include "net/http.h"
#include "services/route_table.h"
#include "services/service_context.h"
#include "services/todo-api/task_changes.h"

namespace todo::services::todo_api {

class InternalRoutes {
 public:
  explicit InternalRoutes(const ServiceContext& ctx) : ctx_(ctx), changes_(ctx) {}
  // {user_id, parent_task_id, task: {...the fields of a create...}} with an
  // Idempotency-Key. A completed task has at most one next occurrence, ever:
  // a repeated call answers with the one that exists.
  net::Response next_occurrence(net::Request& req);

 private:
  ServiceContext ctx_;
  TaskChanges changes_;
};

inline constexpr std::array<RouteSpec<InternalRoutes>, 1> kInternalRoutes = {{
    {"POST", "/internal/next-occurrence", &InternalRoutes::next_occurrence},
}};

}  // namespace todo::services::todo_api
