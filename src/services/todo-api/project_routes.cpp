#include "services/todo-api/project_routes.h"

#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/event_payloads.h"
#include "core/uuid.h"
#include "net/json_body.h"
#include "services/path_params.h"
#include "services/todo-api/project_repository.h"
#include "services/todo-api/project_rules.h"
#include "services/todo-api/request_rules.h"

namespace todo::services::todo_api {
namespace json = boost::json;
using net::Request;
using net::Response;

namespace {

Response project_response(int status, const core::Project& p) {
  auto res = net::json_response(status, core::to_json(p));
  set_version_etag(res, p.version);
  return res;
}

core::ApiError name_taken() {
  return core::ApiError(core::ErrorCode::Conflict, "name is already used by another of your projects",
                        {{"name", "is already used by another of your projects"}});
}

}  // namespace

Response ProjectRoutes::list(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  core::check_params(req.query, {});
  auto conn = ctx_.db.acquire();
  json::array items;
  for (const auto& p : ProjectRepository(*conn).list(user_id)) items.push_back(core::to_json(p));
  return net::json_response(200, json::object{{"items", std::move(items)}});
}

Response ProjectRoutes::create(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto input = parse_project_create(net::json_body(req));
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    ProjectRepository repo(tx.connection());
    repo.lock_user(user_id);
    const int count = repo.count(user_id);
    if (count >= core::kMaxProjectsPerUser)
      throw core::ApiError(core::ErrorCode::Conflict, "you have 200 projects, the most there can be");
    if (repo.name_taken(user_id, *input.name)) throw name_taken();
    const auto now = ctx_.clock.now();
    core::Project p;
    p.id = core::new_uuid();
    p.user_id = user_id;
    p.name = *input.name;
    p.color = input.color.value_or(std::string(core::kDefaultProjectColor));
    p.position = count;  // new projects go last
    p.created_at = p.updated_at = now;
    repo.insert(p);
    ctx_.bus.publish(tx, {core::topics::kTaskEvents, core::topics::kTaskUpdates},
                     core::ProjectChanged::make(core::event_types::kProjectCreated, p, origin_of(req), now));
    auto res = project_response(201, p);
    res.set_header("Location", project_location(user_id, p.id));
    return res;
  });
}

Response ProjectRoutes::get(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req, "project");
  auto conn = ctx_.db.acquire();
  const auto p = ProjectRepository(*conn).find(user_id, id);
  if (!p) throw core::not_found("project");
  return project_response(200, *p);
}

Response ProjectRoutes::update(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req, "project");
  const auto input = parse_project_patch(net::json_body(req));
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    ProjectRepository repo(tx.connection());
    repo.lock_user(user_id);
    auto p = repo.find(user_id, id, /*for_update=*/true);
    if (!p) throw core::not_found("project");
    check_if_match(req, p->version, "project");
    if (input.name && repo.name_taken(user_id, *input.name, id)) throw name_taken();
    const int from = p->position;
    std::optional<int> to;
    if (input.position) to = final_position(*input.position, repo.count(user_id));
    const auto changes = apply_project_input(*p, input, to);
    if (changes.empty()) return project_response(200, *p);  // nothing changed: no new version, no event
    // Neighbours close ranks without a new version or an event of their own.
    if (to) repo.shift(user_id, id, shift_for_move(from, *to));
    const auto now = ctx_.clock.now();
    p->updated_at = now;
    ++p->version;
    repo.update(*p);
    ctx_.bus.publish(tx, {core::topics::kTaskEvents, core::topics::kTaskUpdates},
                     core::ProjectChanged::make(core::event_types::kProjectUpdated, *p, origin_of(req), now, &changes));
    return project_response(200, *p);
  });
}

Response ProjectRoutes::remove(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = id_param(req, "project");
  const bool delete_tasks = delete_tasks_param(req.query);
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    ProjectRepository projects(tx.connection());
    projects.lock_user(user_id);
    const auto p = projects.find(user_id, id, /*for_update=*/true);
    if (!p) throw core::not_found("project");
    check_if_match(req, p->version, "project");
    const auto origin = origin_of(req);
    // The tasks' events come first, in the same transaction: a consumer
    // never sees a task of a project it was told is gone.
    TaskRepository tasks(tx.connection());
    const std::vector<core::FieldChange> to_inbox = {{"project_id", json::value(id), nullptr}};
    for (auto& task : tasks.in_project(user_id, id)) {
      if (delete_tasks) {
        tasks_.trash(tx, tasks, task, origin);
      } else {
        task.project_id.reset();
        tasks_.commit(tx, tasks, task, core::event_types::kTaskUpdated, origin, &to_inbox);
      }
    }
    projects.remove(user_id, id);  // trashed tasks lose project_id with it (ON DELETE SET NULL)
    projects.shift(user_id, id, shift_for_removal(p->position));
    ctx_.bus.publish(tx, {core::topics::kTaskEvents, core::topics::kTaskUpdates},
                     core::ProjectChanged::make(core::event_types::kProjectDeleted, *p, origin, ctx_.clock.now()));
    return net::no_content();
  });
}

}  // namespace todo::services::todo_api
