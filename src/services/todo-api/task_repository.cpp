#include "services/todo-api/task_repository.h"

#include <boost/json.hpp>

#include "db/like.h"

namespace todo::services::todo_api {
using core::Task;

namespace {

// The columns from_row reads, in order, then title_key (the title sort key,
// for cursors).
constexpr const char* kColumns =
    "id, user_id, title, description, priority, tags, completed, due_date, reminder_at, reminder_sent, recurrence,"
    " recurrence_end, timezone, parent_task_id, created_at, updated_at, completed_at, version, project_id, deleted_at,"
    " title_key";
constexpr int kTitleKeyColumn = 20;

// Tasks outside the trash: what every route but the trash's own sees.
constexpr const char* kLive = " AND deleted_at IS NULL";

// Every column but the tags as views into the row; the tags are appended
// to `tags` (the caller points view.tags at them once they stop moving).
core::TaskView view_of_row(const db::Row& r, std::vector<std::string_view>& tags,
                           std::forward_list<std::string>& unescaped) {
  auto opt_text = [&r](int col) {
    return r.is_null(col) ? std::nullopt : std::optional<std::string_view>(r.text(col));
  };
  core::TaskView v;
  v.id = r.text(0);
  v.user_id = r.text(1);
  v.title = r.text(2);
  v.description = r.text(3);
  v.priority = static_cast<core::Priority>(r.int64(4));
  r.text_array_views(5, tags, unescaped);
  v.completed = r.boolean(6);
  v.due_date = r.opt_instant(7);
  v.reminder_at = r.opt_instant(8);
  v.reminder_sent = r.boolean(9);
  v.recurrence = opt_text(10);
  v.recurrence_end = r.opt_instant(11);
  v.timezone = r.text(12);
  v.parent_task_id = opt_text(13);
  v.created_at = r.instant(14);
  v.updated_at = r.instant(15);
  v.completed_at = r.opt_instant(16);
  v.version = r.int64(17);
  v.project_id = opt_text(18);
  v.deleted_at = r.opt_instant(19);
  return v;
}

Task from_row(const db::Row& r) {
  std::vector<std::string_view> tags;
  std::forward_list<std::string> unescaped;
  auto v = view_of_row(r, tags, unescaped);
  v.tags = tags;
  return core::to_task(v);
}

// The sort key of a task as it appears in a cursor.
boost::json::value sort_key(const core::TaskView& t, std::string_view title_key, core::TaskSort sort) {
  switch (sort) {
    case core::TaskSort::UpdatedAt: return boost::json::value(core::format_rfc3339(t.updated_at));
    case core::TaskSort::DueDate:
      return core::json_or_null(t.due_date);
    case core::TaskSort::Priority: return boost::json::value(static_cast<int>(t.priority));
    case core::TaskSort::Title: return boost::json::value(title_key);
    case core::TaskSort::CreatedAt: break;
  }
  return boost::json::value(core::format_rfc3339(t.created_at));
}

const char* sort_column(core::TaskSort sort) {
  switch (sort) {
    case core::TaskSort::UpdatedAt: return "updated_at";
    case core::TaskSort::DueDate: return "due_date";
    case core::TaskSort::Priority: return "priority";
    case core::TaskSort::Title: return "title_key";
    case core::TaskSort::CreatedAt: break;
  }
  return "created_at";
}

const char* sort_cast(core::TaskSort sort) {
  switch (sort) {
    case core::TaskSort::Priority: return "::smallint";
    case core::TaskSort::Title: return "::text";
    default: return "::timestamptz";
  }
}

}  // namespace

std::optional<Task> TaskRepository::find(std::string_view user_id, std::string_view id, bool for_update) {
  const auto res = c_.exec(std::string("SELECT ") + kColumns + " FROM tasks WHERE id = $1 AND user_id = $2" + kLive +
                               (for_update ? " FOR UPDATE" : ""),
                           db::Params(id, user_id));
  if (res.empty()) return std::nullopt;
  return from_row(res.front());
}

std::optional<Task> TaskRepository::find_any(std::string_view user_id, std::string_view id) {
  const auto res = c_.exec(std::string("SELECT ") + kColumns + " FROM tasks WHERE id = $1 AND user_id = $2 FOR UPDATE",
                           db::Params(id, user_id));
  if (res.empty()) return std::nullopt;
  return from_row(res.front());
}

std::vector<Task> TaskRepository::in_project(std::string_view user_id, std::string_view project_id) {
  std::vector<Task> out;
  for (const auto& r : c_.exec(std::string("SELECT ") + kColumns + " FROM tasks WHERE project_id = $1 AND user_id = $2" +
                                   kLive + " ORDER BY created_at, id FOR UPDATE",
                               db::Params(project_id, user_id)))
    out.push_back(from_row(r));
  return out;
}

// The trashed child counts too: the unique index on parent_task_id holds
// across the trash, so a repeated request must find it rather than try to
// create a second occurrence.
std::optional<Task> TaskRepository::find_child(std::string_view user_id, std::string_view parent_id) {
  const auto res = c_.exec(std::string("SELECT ") + kColumns + " FROM tasks WHERE parent_task_id = $1 AND user_id = $2",
                           db::Params(parent_id, user_id));
  if (res.empty()) return std::nullopt;
  return from_row(res.front());
}

void TaskRepository::insert(const Task& t) {
  c_.exec_deferred(
      "INSERT INTO tasks (id, user_id, title, description, priority, tags, completed, due_date, reminder_at,"
      " reminder_sent, recurrence, recurrence_end, timezone, parent_task_id, created_at, updated_at, completed_at,"
      " version, project_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)",
      db::Params(t.id, t.user_id, t.title, t.description, static_cast<int>(t.priority), t.tags, t.completed,
                 t.due_date, t.reminder_at, t.reminder_sent, t.recurrence, t.recurrence_end, t.timezone,
                 t.parent_task_id, t.created_at, t.updated_at, t.completed_at, t.version, t.project_id));
}

void TaskRepository::update(const Task& t) {
  c_.exec_deferred(
      "UPDATE tasks SET title = $3, description = $4, priority = $5, tags = $6, completed = $7, due_date = $8,"
      " reminder_at = $9, reminder_sent = $10, recurrence = $11, recurrence_end = $12, timezone = $13,"
      " updated_at = $14, completed_at = $15, version = $16, project_id = $17, deleted_at = $18"
      " WHERE id = $1 AND user_id = $2",
      db::Params(t.id, t.user_id, t.title, t.description, static_cast<int>(t.priority), t.tags, t.completed,
                 t.due_date, t.reminder_at, t.reminder_sent, t.recurrence, t.recurrence_end, t.timezone,
                 t.updated_at, t.completed_at, t.version, t.project_id, t.deleted_at));
}

long long TaskRepository::purge_trash(core::Instant deleted_before) {
  return c_.exec("DELETE FROM tasks WHERE deleted_at < $1", db::Params(deleted_before)).affected();
}

TaskPage TaskRepository::list(std::string_view user_id, const core::TaskQuery& q, core::Instant now,
                              core::Instant trashed_since) {
  db::Params p(user_id);
  std::string sql = std::string("SELECT ") + kColumns + " FROM tasks WHERE user_id = $1";
  auto next = [&p] { return "$" + std::to_string(p.size()); };

  if (q.status == core::TaskQuery::Status::Pending) sql += " AND NOT completed";
  if (q.status == core::TaskQuery::Status::Completed) sql += " AND completed";
  if (q.status == core::TaskQuery::Status::Deleted) {
    p.add(trashed_since);
    sql += " AND deleted_at >= " + next();
  } else {
    sql += kLive;
  }
  if (q.project) {
    if (q.project->id) {
      p.add(*q.project->id);
      sql += " AND project_id = " + next() + "::uuid";
    } else {
      sql += " AND project_id IS NULL";
    }
  }
  if (!q.priorities.empty()) {
    std::vector<std::string> ps;
    for (auto pr : q.priorities) ps.push_back(std::to_string(static_cast<int>(pr)));
    p.add(ps);
    sql += " AND priority = ANY(" + next() + "::smallint[])";
  }
  if (!q.tags.empty()) {
    p.add(q.tags);
    sql += " AND tags @> " + next() + "::text[]";
  }
  if (q.q) {
    p.add(db::like_contains(*q.q));
    sql += " AND (title ILIKE " + next() + " OR description ILIKE " + next() + ")";
  }
  if (q.due_before) {
    p.add(*q.due_before);
    sql += " AND due_date < " + next();
  }
  if (q.due_after) {
    p.add(*q.due_after);
    sql += " AND due_date >= " + next();
  }
  if (q.overdue) {
    p.add(now);
    sql += *q.overdue ? " AND NOT completed AND due_date < " + next()
                      : " AND NOT (NOT completed AND due_date IS NOT NULL AND due_date < " + next() + ")";
  }

  const std::string col = sort_column(q.sort);
  const std::string dir = q.descending ? "DESC" : "ASC";
  const std::string cmp = q.descending ? "<" : ">";
  if (q.after) {
    p.add(q.after->id);
    const auto id_param = next();
    if (q.sort == core::TaskSort::DueDate) {
      // Tasks without a due date come last in both directions.
      if (q.after->key.is_null()) {
        sql += " AND due_date IS NULL AND id " + cmp + " " + id_param + "::uuid";
      } else {
        p.add(std::string(q.after->key.as_string()));
        sql += " AND (due_date IS NULL OR (due_date, id) " + cmp + " (" + next() + "::timestamptz, " + id_param +
               "::uuid))";
      }
    } else {
      if (q.sort == core::TaskSort::Priority) p.add(q.after->key.as_int64());
      else p.add(std::string(q.after->key.as_string()));
      sql += " AND (" + col + ", id) " + cmp + " (" + next() + sort_cast(q.sort) + ", " + id_param + "::uuid)";
    }
  }
  sql += " ORDER BY ";
  if (q.sort == core::TaskSort::DueDate) sql += "(due_date IS NULL), ";
  sql += col + " " + dir + ", id " + dir;
  p.add(q.limit + 1);
  sql += " LIMIT " + next();

  TaskPage page;
  page.rows_ = c_.exec(sql, p);
  const auto& res = page.rows_;
  const int n = std::min(res.size(), q.limit);
  page.items.reserve(static_cast<size_t>(n));
  std::vector<std::size_t> tags_end;  // items[i]'s tags end here in tags_
  tags_end.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    page.items.push_back(view_of_row(res[i], page.tags_, page.unescaped_));
    tags_end.push_back(page.tags_.size());
  }
  for (std::size_t i = 0, begin = 0; i < page.items.size(); begin = tags_end[i++])
    page.items[i].tags = std::span<const std::string_view>(page.tags_).subspan(begin, tags_end[i] - begin);
  if (res.size() > q.limit) {
    const auto& last = page.items.back();
    page.next = core::PageCursor{sort_key(last, res[q.limit - 1].text(kTitleKeyColumn), q.sort), std::string(last.id)};
  }
  return page;
}

TaskStats TaskRepository::stats(std::string_view user_id, core::Instant now) {
  const auto r = c_.exec(
                       "SELECT count(*), count(*) FILTER (WHERE NOT completed), count(*) FILTER (WHERE completed),"
                       " count(*) FILTER (WHERE NOT completed AND due_date < $2) FROM tasks WHERE user_id = $1"
                       " AND deleted_at IS NULL",
                       db::Params(user_id, now))
                     .front();
  return TaskStats{r.int64(0), r.int64(1), r.int64(2), r.int64(3)};
}

std::vector<std::pair<std::string, long long>> TaskRepository::tags(std::string_view user_id) {
  std::vector<std::pair<std::string, long long>> out;
  for (const auto& r : c_.exec("SELECT tag, count(*) FROM tasks, unnest(tags) AS tag WHERE user_id = $1"
                               " AND deleted_at IS NULL GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 500",
                               db::Params(user_id)))
    out.emplace_back(r.str(0), r.int64(1));
  return out;
}

std::optional<StoredResponse> TaskRepository::find_idempotent(std::string_view user_id, std::string_view key) {
  const auto res = c_.exec(
      "SELECT status, response, task_id, request_hash FROM task_idempotency_keys WHERE user_id = $1 AND key = $2",
      db::Params(user_id, key));
  if (res.empty()) return std::nullopt;
  const auto r = res.front();
  return StoredResponse{static_cast<int>(r.int64(0)), r.str(1), r.str(2), r.str(3)};
}

bool TaskRepository::store_idempotent(std::string_view user_id, std::string_view key, const StoredResponse& s,
                                      core::Instant now) {
  return c_.exec(
               "INSERT INTO task_idempotency_keys (user_id, key, request_hash, status, response, task_id, created_at)"
               " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
               db::Params(user_id, key, s.request_hash, s.status, s.body, s.task_id, now))
             .affected() == 1;
}

long long TaskRepository::prune_idempotency_keys(core::Instant older_than) {
  return c_.exec("DELETE FROM task_idempotency_keys WHERE created_at < $1", db::Params(older_than)).affected();
}

}  // namespace todo::services::todo_api
