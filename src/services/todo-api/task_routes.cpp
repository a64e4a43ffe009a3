#include "services/todo-api/task_routes.h"

#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/page_cursor.h"
#include "core/task_input.h"
#include "core/task_query.h"
#include "net/json_body.h"
#include "services/path_params.h"
#include "services/todo-api/request_rules.h"
#include "services/todo-api/task_repository.h"
#include "services/todo-api/todo_api_service.h"
#include "services/todo-api/trash_rules.h"

namespace todo::services::todo_api {
namespace json = boost::json;
using net::Request;
using net::Response;

Response TaskRoutes::list(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto query = core::parse_task_query(req.query);
  const auto now = ctx_.clock.now();
  const auto page = [&] {
    auto conn = ctx_.db.acquire();  // back to the pool before the page is written
    return TaskRepository(*conn).list(user_id, query, now, trash_horizon(now));
  }();
  // Written straight into the body: a tree of 50 tasks cost an allocation
  // per field and a lookup per key (docs/performance.md).
  net::Response res;
  res.status = 200;
  auto& out = res.body;
  out.reserve(256 + page.items.size() * 640);
  out += "{\"items\":[";
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    if (i) out += ',';
    core::append_json(out, page.items[i]);
  }
  out += "],\"next_cursor\":";
  if (page.next)
    core::append_json_string(out, core::encode_cursor(core::cursor_scope(query.sort, query.descending), *page.next));
  else
    out += "null";
  out += '}';
  return res;
}

Response TaskRoutes::create(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto key = idempotency_key(req);
  return changes_.create(req, user_id, core::make_task(net::json_body(req)), key);
}

Response TaskRoutes::get(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req, "task");
  auto conn = ctx_.db.acquire();
  const auto task = TaskRepository(*conn).find(user_id, id);
  if (!task) throw core::not_found("task");
  return task_response(200, *task);
}

Response TaskRoutes::update(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req, "task");
  const auto patch = core::parse_task_patch(net::json_body(req));
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    TaskRepository repo(tx.connection());
    auto task = repo.find(user_id, id, /*for_update=*/true);
    if (!task) throw core::not_found("task");
    check_if_match(req, *task);
    const auto changes = core::apply_patch(*task, patch);
    if (changes.empty()) return task_response(200, *task);  // nothing changed: no new version, no event
    if (patch.project_id) require_project(tx, user_id, task->project_id);
    changes_.commit(tx, repo, *task, core::event_types::kTaskUpdated, origin_of(req), &changes);
    return task_response(200, *task);
  });
}

Response TaskRoutes::complete(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req, "task");
  const auto wanted = completion_wanted(req);
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    TaskRepository repo(tx.connection());
    auto task = repo.find(user_id, id, /*for_update=*/true);
    if (!task) throw core::not_found("task");
    check_if_match(req, *task);
    const bool completed = wanted.value_or(!task->completed);
    if (completed == task->completed) return task_response(200, *task);  // already so: idempotent
    task->completed = completed;
    task->completed_at = completed ? std::optional(ctx_.clock.now()) : std::nullopt;
    changes_.commit(tx, repo, *task, completed ? core::event_types::kTaskCompleted : core::event_types::kTaskReopened,
                    origin_of(req));
    return task_response(200, *task);
  });
}

Response TaskRoutes::remove(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req, "task");
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    TaskRepository repo(tx.connection());
    auto task = repo.find(user_id, id, /*for_update=*/true);
    if (!task) throw core::not_found("task");  // a trashed task too: it is gone for every route but restore
    check_if_match(req, *task);
    changes_.trash(tx, repo, *task, origin_of(req));
    return net::no_content();
  });
}

Response TaskRoutes::restore(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req, "task");
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    TaskRepository repo(tx.connection());
    auto task = repo.find_any(user_id, id);
    // Past the horizon it has left the trash, whether or not the purge ran.
    if (!task || (task->deleted_at && *task->deleted_at < trash_horizon(ctx_.clock.now())))
      throw core::not_found("task");
    check_if_match(req, *task);
    if (!task->deleted_at) throw core::ApiError(core::ErrorCode::Conflict, "the task is not in the trash");
    // A project deleted meanwhile took project_id with it (ON DELETE SET
    // NULL); one being deleted right now is waited for, so that the task
    // either comes back to the inbox or is moved there by that deletion with
    // its event. A reminder that has not fired is armed again by
    // recurring-service on task.restored.
    if (!project_held(tx, user_id, task->project_id)) task->project_id.reset();
    task->deleted_at.reset();
    changes_.commit(tx, repo, *task, core::event_types::kTaskRestored, origin_of(req));
    return task_response(200, *task);
  });
}

Response TaskRoutes::stats(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  core::check_params(req.query, {});
  auto conn = ctx_.db.acquire();
  const auto s = TaskRepository(*conn).stats(user_id, ctx_.clock.now());
  return net::json_response(
      200, json::object{{"total", s.total}, {"pending", s.pending}, {"completed", s.completed}, {"overdue", s.overdue}});
}

Response TaskRoutes::tags(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  core::check_params(req.query, {});
  auto conn = ctx_.db.acquire();
  json::array items;
  for (const auto& [tag, count] : TaskRepository(*conn).tags(user_id))
    items.push_back(json::object{{"tag", tag}, {"count", count}});
  return net::json_response(200, json::object{{"items", std::move(items)}});
}

}  // namespace todo::services::todo_api
