#include "services/todo-api/internal_routes.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/task_input.h"
#include "core/uuid.h"
#include "db/error.h"
#include "net/json_body.h"
#include "services/todo-api/request_rules.h"
#include "services/todo-api/task_repository.h"

namespace todo::services::todo_api {

net::Response InternalRoutes::next_occurrence(net::Request& req) {
  const auto body = net::json_body(req);
  const auto* o = body.if_object();
  const auto* user = o ? o->if_contains("user_id") : nullptr;
  const auto* parent = o ? o->if_contains("parent_task_id") : nullptr;
  const auto* fields = o ? o->if_contains("task") : nullptr;
  core::Problems problems;
  if (!user || !user->is_string() || !core::is_uuid(user->get_string())) problems.add("user_id", "must be a user id");
  if (!parent || !parent->is_string() || !core::is_uuid(parent->get_string()))
    problems.add("parent_task_id", "must be a task id");
  if (!fields || !fields->is_object()) problems.add("task", "must be an object");
  const auto key = idempotency_key(req);
  if (!key) problems.add("Idempotency-Key", "is required");
  problems.throw_if_any();
  auto task = core::make_task(*fields);
  const std::string parent_id(parent->get_string());
  task.parent_task_id = parent_id;
  const std::string user_id(user->get_string());
  // A parent has one occurrence: when it exists, that is the answer, whatever
  // the body (a later completion computes another due date).
  {
    auto conn = ctx_.db.acquire();
    if (const auto existing = TaskRepository(*conn).find_child(user_id, parent_id))
      return task_response(200, *existing);
  }
  try {
    // It inherits its parent's project; if that project has been deleted
    // since, it goes to the inbox (a 422 here would dead-letter the request).
    CreateOptions options;
    options.missing_project = MissingProject::Inbox;
    return changes_.create(req, user_id, std::move(task), key, options);
  } catch (const db::Error& e) {
    if (e.kind() != db::Error::Kind::UniqueViolation) throw;
    // The key was forgotten but the occurrence exists (parent_task_id is unique).
    auto conn = ctx_.db.acquire();
    const auto existing = TaskRepository(*conn).find_child(user_id, parent_id);
    if (!existing) throw;
    return task_response(200, *existing);
  }
}

}  // namespace todo::services::todo_api
