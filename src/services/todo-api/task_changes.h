#pragma once
// The ways a task changes, each in one transaction with the events it causes
// (DESIGN §3.3): creating one (with Idempotency-Key replay), and committing a
// change to an existing one (new version, updated_at, task.* event on
// task-events and task-updates). Shared by the public routes, the internal
// route and the reminders consumer.
#include <optional>
#include <string>
#include <vector>

#include "core/events.h"
#include "core/task.h"
#include "core/task_input.h"
#include "db/transaction.h"
#include "net/http.h"
#include "services/service_context.h"
#include "services/todo-api/task_repository.h"

namespace todo::services::todo_api {

// The task as an HTTP response, with its version as ETag.
net::Response task_response(int status, const core::Task& task);

class TaskChanges {
 public:
  explicit TaskChanges(const ServiceContext& ctx) : ctx_(ctx) {}

  // Creates `task` for `user_id` and answers 201 with Location. With an
  // Idempotency-Key the first answer is stored and replayed for the same
  // body; another body is 422.
  net::Response create(const net::Request& req, const std::string& user_id, core::Task task,
                       const std::optional<std::string>& idempotency_key);

  // Stores `task` (already changed in memory) as its next version and
  // publishes `type`. `changes` is the task.updated diff.
  void commit(db::Transaction& tx, TaskRepository& repo, core::Task& task, std::string_view type,
              const core::EventOrigin& origin, const std::vector<core::FieldChange>* changes = nullptr);

 private:
  ServiceContext ctx_;
};

}  // namespace todo::services::todo_api
