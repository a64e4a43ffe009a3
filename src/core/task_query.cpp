#include "core/task_query.h"

#include "core/error.h"
#include "core/strings.h"
#include "core/task_input.h"
#include "core/utf8.h"
#include "core/uuid.h"

namespace todo::core {

std::string_view to_string(TaskSort s) {
  switch (s) {
    case TaskSort::UpdatedAt: return "updated_at";
    case TaskSort::DueDate: return "due_date";
    case TaskSort::Priority: return "priority";
    case TaskSort::Title: return "title";
    case TaskSort::CreatedAt: break;
  }
  return "created_at";
}

std::string cursor_scope(TaskSort sort, bool descending) {
  return "tasks:" + std::string(to_string(sort)) + (descending ? ":desc" : ":asc");
}

namespace {

Instant instant_param(const std::string& name, const std::string& value) {
  auto t = parse_rfc3339(value);
  if (!t) throw bad_request(name + " must be an RFC 3339 timestamp between the years 1 and 9999 (UTC), such as 2026-12-01T09:00:00Z");
  return *t;
}

bool bool_param(const std::string& name, const std::string& value) {
  if (value == "true") return true;
  if (value == "false") return false;
  throw bad_request(name + " must be true or false");
}

// A cursor is opaque to clients but not signed: a tampered one must be
// refused here, never reach the database with a key of the wrong type.
bool cursor_fits(const PageCursor& c, TaskSort sort) {
  if (!is_uuid(c.id)) return false;
  switch (sort) {
    case TaskSort::Priority:
      return c.key.is_int64() && c.key.get_int64() >= static_cast<int>(Priority::Low) &&
             c.key.get_int64() <= static_cast<int>(Priority::High);
    case TaskSort::Title: return c.key.is_string();
    case TaskSort::DueDate:
      return c.key.is_null() || (c.key.is_string() && parse_rfc3339(c.key.get_string()).has_value());
    case TaskSort::CreatedAt:
    case TaskSort::UpdatedAt: return c.key.is_string() && parse_rfc3339(c.key.get_string()).has_value();
  }
  return false;
}

}  // namespace

TaskQuery parse_task_query(const QueryParams& params) {
  check_params(params,
               {"status", "priority", "tag", "q", "due_before", "due_after", "overdue", "project", "sort", "order",
                "limit", "cursor"},
               {"tag", "priority"});
  TaskQuery query;
  for (const auto& [name, value] : params) {
    if (name == "status") {
      if (value == "all") query.status = TaskQuery::Status::All;
      else if (value == "pending") query.status = TaskQuery::Status::Pending;
      else if (value == "completed") query.status = TaskQuery::Status::Completed;
      else if (value == "deleted") query.status = TaskQuery::Status::Deleted;
      else throw bad_request("status must be pending, completed, all or deleted");
    } else if (name == "project") {
      // An id of no project of the user is a valid filter that matches nothing.
      if (value == "inbox") query.project = TaskQuery::Project{};
      else if (is_uuid(value)) query.project = TaskQuery::Project{value};
      else throw bad_request("project must be a project id or inbox");
    } else if (name == "priority") {
      for (auto part : split_list(value)) {
        const auto p = parse_priority(utf8::trim(part));
        if (!p) throw bad_request("priority must be a comma-separated list of low, medium, high");
        query.priorities.push_back(*p);
      }
    } else if (name == "tag") {
      auto tag = normalize_tag(value);
      if (!tag) throw bad_request("tag must be 1-32 characters of a-z, 0-9, _ or -");
      query.tags.push_back(std::move(*tag));
    } else if (name == "q") {
      const auto q = utf8::trim(value);
      if (utf8::length(q) > 200) throw bad_request("q must be at most 200 characters");
      if (!q.empty()) query.q = std::string(q);
    } else if (name == "due_before") {
      query.due_before = instant_param(name, value);
    } else if (name == "due_after") {
      query.due_after = instant_param(name, value);
    } else if (name == "overdue") {
      query.overdue = bool_param(name, value);
    } else if (name == "sort") {
      if (value == "created_at") query.sort = TaskSort::CreatedAt;
      else if (value == "updated_at") query.sort = TaskSort::UpdatedAt;
      else if (value == "due_date") query.sort = TaskSort::DueDate;
      else if (value == "priority") query.sort = TaskSort::Priority;
      else if (value == "title") query.sort = TaskSort::Title;
      else throw bad_request("sort must be created_at, updated_at, due_date, priority or title");
    } else if (name == "order") {
      if (value == "asc") query.descending = false;
      else if (value == "desc") query.descending = true;
      else throw bad_request("order must be asc or desc");
    }
  }
  query.limit = limit_param(params, 50, 200);
  query.after = cursor_param(params, cursor_scope(query.sort, query.descending));
  if (query.after && !cursor_fits(*query.after, query.sort))
    throw bad_request("cursor is not a cursor issued for this list and its sort and order");
  return query;
}

}  // namespace todo::core
