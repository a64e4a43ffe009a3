#pragma once
// todo-api's SQL about tasks (tables tasks, task_idempotency_keys;
// migrations/0002_todo_api_tasks.sql, 0013_todo_api_projects_and_trash.sql).
// A list's cursor arrives validated for its sort (core/task_query). Every
// read but find_any, find_child and the trash list sees only tasks outside
// the trash.
#include <forward_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/task.h"
#include "core/task_query.h"
#include "db/connection.h"
#include "db/result.h"

namespace todo::services::todo_api {

// A page of tasks as views into the rows PostgreSQL returned, so the route
// writes its JSON without building a Task per row (docs/performance.md).
// Move-only: the views point into the members, whose buffers a move keeps.
struct TaskPage {
  TaskPage() = default;
  TaskPage(TaskPage&&) = default;
  TaskPage& operator=(TaskPage&&) = default;
  TaskPage(const TaskPage&) = delete;
  TaskPage& operator=(const TaskPage&) = delete;

  std::vector<core::TaskView> items;
  std::optional<core::PageCursor> next;

 private:
  friend class TaskRepository;
  db::Result rows_;                        // the text the views point into
  std::vector<std::string_view> tags_;     // every item's tags, in order
  std::forward_list<std::string> unescaped_;  // tags that had escapes
};

struct TaskStats {
  long long total = 0, pending = 0, completed = 0, overdue = 0;
};

struct StoredResponse {
  int status;
  std::string body;
  std::string task_id;
  std::string request_hash;
};

class TaskRepository {
 public:
  explicit TaskRepository(db::Connection& c) : c_(c) {}

  std::optional<core::Task> find(std::string_view user_id, std::string_view id, bool for_update = false);
  // The task in or out of the trash, locked for update (restore).
  std::optional<core::Task> find_any(std::string_view user_id, std::string_view id);
  // The tasks of a project outside the trash, oldest first, locked for update.
  std::vector<core::Task> in_project(std::string_view user_id, std::string_view project_id);
  // The next occurrence created for a completed recurring task, if any (in the trash or not).
  std::optional<core::Task> find_child(std::string_view user_id, std::string_view parent_id);
  // insert and update are deferred: they travel with the next statement or
  // the COMMIT (db::Connection::exec_deferred).
  void insert(const core::Task& t);
  void update(const core::Task& t);  // every mutable field (deleted_at included), by id
  // Deletes for good the tasks trashed before `deleted_before`; returns how many.
  long long purge_trash(core::Instant deleted_before);

  // status=deleted lists the tasks trashed since `trashed_since`.
  TaskPage list(std::string_view user_id, const core::TaskQuery& q, core::Instant now, core::Instant trashed_since);
  TaskStats stats(std::string_view user_id, core::Instant now);
  std::vector<std::pair<std::string, long long>> tags(std::string_view user_id);

  std::optional<StoredResponse> find_idempotent(std::string_view user_id, std::string_view key);
  // False when another request stored a response for this key first.
  bool store_idempotent(std::string_view user_id, std::string_view key, const StoredResponse& r, core::Instant now);
  // Forgets keys stored before `older_than`; returns how many.
  long long prune_idempotency_keys(core::Instant older_than);

 private:
  db::Connection& c_;
};

}  // namespace todo::services::todo_api
