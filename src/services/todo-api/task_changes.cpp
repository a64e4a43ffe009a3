#include "services/todo-api/task_changes.h"

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/event_payloads.h"
#include "core/uuid.h"
#include "services/todo-api/project_repository.h"
#include "services/todo-api/request_rules.h"
#include "services/todo-api/todo_api_service.h"

namespace todo::services::todo_api {
using core::ApiError;
using core::ErrorCode;

namespace {

net::Response replay(const StoredResponse& stored, const std::string& user_id) {
  net::Response res;
  res.status = stored.status;
  res.body = stored.body;
  res.set_header("Location", task_location(user_id, stored.task_id));
  res.set_header("Idempotent-Replayed", "true");
  return res;
}

// A concurrent request with the same Idempotency-Key stored its answer first.
struct IdempotencyRace {};

ApiError not_a_project() {
  return ApiError(ErrorCode::ValidationFailed, "project_id is not one of your projects",
                  {{"project_id", "is not one of your projects"}});
}

}  // namespace

net::Response task_response(int status, const core::Task& t, const boost::json::object& extra) {
  auto body = core::to_json(t);
  for (const auto& [k, v] : extra) body[k] = v;
  auto res = net::json_response(status, body);
  set_version_etag(res, t.version);
  return res;
}

bool project_held(db::Transaction& tx, std::string_view user_id, const std::optional<std::string>& project_id) {
  return !project_id || ProjectRepository(tx.connection()).hold(user_id, *project_id);
}

void require_project(db::Transaction& tx, std::string_view user_id, const std::optional<std::string>& project_id) {
  if (!project_held(tx, user_id, project_id)) throw not_a_project();
}

net::Response TaskChanges::create(const net::Request& req, const std::string& user_id, core::Task task,
                                  const std::optional<std::string>& key, const CreateOptions& options) {
  const auto request_hash = key ? auth::sha256_hex(req.body) : std::string();
  const auto origin = origin_of(req);
  for (int attempt = 0;; ++attempt) {
    try {
      return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
        TaskRepository repo(tx.connection());
        if (key) {
          if (auto stored = repo.find_idempotent(user_id, *key)) {
            if (stored->request_hash != request_hash)
              throw ApiError(ErrorCode::ValidationFailed, "Idempotency-Key was already used with a different body",
                             {{"Idempotency-Key", "was already used with a different body"}});
            return replay(*stored, user_id);
          }
        }
        if (!project_held(tx, user_id, task.project_id)) {
          if (options.missing_project == MissingProject::Refuse) throw not_a_project();
          task.project_id.reset();
        }
        const auto now = ctx_.clock.now();
        task.id = core::new_uuid();
        task.user_id = user_id;
        task.created_at = task.updated_at = now;
        task.version = 1;
        repo.insert(task);
        ctx_.bus.publish(tx, {core::topics::kTaskEvents, core::topics::kTaskUpdates},
                         core::TaskChanged::make(core::event_types::kTaskCreated, task, origin, now));
        auto res = task_response(201, task, options.extra);
        res.set_header("Location", task_location(user_id, task.id));
        if (key && !repo.store_idempotent(user_id, *key, StoredResponse{201, res.body, task.id, request_hash}, now))
          throw IdempotencyRace{};
        return res;
      });
    } catch (const IdempotencyRace&) {
      if (attempt >= 2) throw ApiError(ErrorCode::Conflict, "a request with this Idempotency-Key is in progress");
    }
  }
}

void TaskChanges::commit(db::Transaction& tx, TaskRepository& repo, core::Task& task, std::string_view type,
                         const core::EventOrigin& origin, const std::vector<core::FieldChange>* changes) {
  const auto now = ctx_.clock.now();
  task.updated_at = now;
  ++task.version;
  repo.update(task);
  ctx_.bus.publish(tx, {core::topics::kTaskEvents, core::topics::kTaskUpdates},
                   core::TaskChanged::make(type, task, origin, now, changes));
}

void TaskChanges::trash(db::Transaction& tx, TaskRepository& repo, core::Task& task, const core::EventOrigin& origin) {
  const auto before = task;
  const auto now = ctx_.clock.now();
  task.deleted_at = now;
  task.updated_at = now;
  ++task.version;
  repo.update(task);
  ctx_.bus.publish(tx, {core::topics::kTaskEvents, core::topics::kTaskUpdates},
                   core::TaskChanged::make(core::event_types::kTaskDeleted, before, origin, now));
}

}  // namespace todo::services::todo_api
