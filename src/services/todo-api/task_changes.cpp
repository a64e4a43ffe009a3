#include "services/todo-api/task_changes.h"

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/event_payloads.h"
#include "core/uuid.h"
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

}  // namespace

net::Response task_response(int status, const core::Task& t) {
  auto res = net::json_response(status, core::to_json(t));
  res.set_header("ETag", "\"" + std::to_string(t.version) + "\"");
  return res;
}

net::Response TaskChanges::create(const net::Request& req, const std::string& user_id, core::Task task,
                                  const std::optional<std::string>& key) {
  const auto request_hash = key ? auth::sha256_hex(req.body) : std::string();
  const core::EventOrigin origin{std::string(kAppId), req.request_id, req.traceparent};
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
        const auto now = ctx_.clock.now();
        task.id = core::new_uuid();
        task.user_id = user_id;
        task.created_at = task.updated_at = now;
        task.version = 1;
        repo.insert(task);
        ctx_.bus.publish(tx, {core::topics::kTaskEvents, core::topics::kTaskUpdates},
                         core::TaskChanged::make(core::event_types::kTaskCreated, task, origin, now));
        auto res = task_response(201, task);
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

}  // namespace todo::services::todo_api
