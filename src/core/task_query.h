#pragma once
// The list query of GET /api/{user_id}/tasks (DESIGN §3.3): parsed and
// checked here, turned into SQL by the todo-api repository.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/page_cursor.h"
#include "core/query_params.h"
#include "core/task.h"
#include "core/time.h"

namespace todo::core {

enum class TaskSort { CreatedAt, UpdatedAt, DueDate, Priority, Title };
std::string_view to_string(TaskSort s);

struct TaskQuery {
  // Deleted: the trash (DESIGN §3.8); the others list tasks not in it.
  enum class Status { All, Pending, Completed, Deleted } status = Status::All;
  // project=<uuid>: that project's tasks; project=inbox: tasks of no project.
  struct Project {
    std::optional<std::string> id;  // nullopt: the inbox
  };
  std::optional<Project> project;
  std::vector<Priority> priorities;
  std::vector<std::string> tags;  // every one must match
  std::optional<std::string> q;
  std::optional<Instant> due_before;  // exclusive upper bound
  std::optional<Instant> due_after;   // inclusive lower bound
  std::optional<bool> overdue;
  TaskSort sort = TaskSort::CreatedAt;
  bool descending = true;
  int limit = 50;
  std::optional<PageCursor> after;
};

// Throws ApiError(BadRequest) naming the parameter.
TaskQuery parse_task_query(const QueryParams& params);

// The cursor scope of a task list: its sort and order ("due_date:asc").
std::string cursor_scope(TaskSort sort, bool descending);

}  // namespace todo::core
