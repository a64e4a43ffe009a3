#pragma once
// The ways a task changes, each in one transaction with the events it causes
// (DESIGN §3.3, §3.8): creating one (with Idempotency-Key replay), committing
// a change to an existing one (new version, updated_at, task.* event on
// task-events and task-updates), moving one to the trash. Shared by the
// public routes, quick add, project deletion, the internal route and the
// reminders consumer.
#include <boost/json/object.hpp>
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

// The task as an HTTP response, with its version as ETag; `extra` fields
// (quick add's "parsed") join the task's.
net::Response task_response(int status, const core::Task& task, const boost::json::object& extra = {});

// What a create does when the task's project_id names no project of the user.
enum class MissingProject {
  Refuse,  // 422 on project_id: a client's mistake
  Inbox,   // file it in the inbox: a next occurrence whose project was deleted meanwhile
};

struct CreateOptions {
  boost::json::object extra;  // fields added to the answer (and to its replay)
  MissingProject missing_project = MissingProject::Refuse;
};

// True when `project_id` is null (the inbox) or one of the user's projects,
// which it then holds until the transaction ends: the project cannot be
// deleted under a task being filed in it, and a deletion in progress is
// waited for (and then seen).
bool project_held(db::Transaction& tx, std::string_view user_id, const std::optional<std::string>& project_id);
// The same, throwing ApiError(ValidationFailed) on project_id when false.
void require_project(db::Transaction& tx, std::string_view user_id, const std::optional<std::string>& project_id);

class TaskChanges {
 public:
  explicit TaskChanges(const ServiceContext& ctx) : ctx_(ctx) {}

  // Creates `task` for `user_id` and answers 201 with Location. With an
  // Idempotency-Key the first answer is stored and replayed for the same
  // body; another body is 422.
  net::Response create(const net::Request& req, const std::string& user_id, core::Task task,
                       const std::optional<std::string>& idempotency_key, const CreateOptions& options = {});

  // Stores `task` (already changed in memory) as its next version and
  // publishes `type`. `changes` is the task.updated diff.
  void commit(db::Transaction& tx, TaskRepository& repo, core::Task& task, std::string_view type,
              const core::EventOrigin& origin, const std::vector<core::FieldChange>* changes = nullptr);

  // Moves `task` to the trash (a new version with deleted_at) and publishes
  // task.deleted with the task as it was before.
  void trash(db::Transaction& tx, TaskRepository& repo, core::Task& task, const core::EventOrigin& origin);

 private:
  ServiceContext ctx_;
};

}  // namespace todo::services::todo_api
