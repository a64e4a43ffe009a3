#include "services/todo-api/project_repository.h"

namespace todo::services::todo_api {
using core::Project;

namespace {

// A project with the counts of its tasks outside the trash; "p" is the row
// a FOR UPDATE OF locks.
constexpr const char* kSelect =
    "SELECT p.id, p.user_id, p.name, p.color, p.position, p.created_at, p.updated_at, p.version,"
    " c.task_count, c.pending_count FROM projects p"
    " CROSS JOIN LATERAL (SELECT count(*) AS task_count, count(*) FILTER (WHERE NOT t.completed) AS pending_count"
    "                     FROM tasks t WHERE t.project_id = p.id AND t.deleted_at IS NULL) c";

Project from_row(const db::Row& r) {
  Project p;
  p.id = r.str(0);
  p.user_id = r.str(1);
  p.name = r.str(2);
  p.color = r.str(3);
  p.position = static_cast<int>(r.int64(4));
  p.created_at = r.instant(5);
  p.updated_at = r.instant(6);
  p.version = r.int64(7);
  p.task_count = r.int64(8);
  p.pending_count = r.int64(9);
  return p;
}

}  // namespace

void ProjectRepository::lock_user(std::string_view user_id) {
  // The two-key form: a keyspace apart from the single-key advisory locks
  // of the event log and the migrations.
  c_.exec("SELECT pg_advisory_xact_lock(hashtext('todo-api.projects'), hashtext($1))", db::Params(user_id));
}

std::vector<Project> ProjectRepository::list(std::string_view user_id) {
  std::vector<Project> out;
  for (const auto& r : c_.exec(std::string(kSelect) + " WHERE p.user_id = $1 ORDER BY p.position, p.id",
                               db::Params(user_id)))
    out.push_back(from_row(r));
  return out;
}

std::optional<Project> ProjectRepository::find(std::string_view user_id, std::string_view id, bool for_update) {
  const auto res = c_.exec(std::string(kSelect) + " WHERE p.id = $1 AND p.user_id = $2" +
                               (for_update ? " FOR UPDATE OF p" : ""),
                           db::Params(id, user_id));
  if (res.empty()) return std::nullopt;
  return from_row(res.front());
}

bool ProjectRepository::hold(std::string_view user_id, std::string_view id) {
  return !c_.exec("SELECT 1 FROM projects WHERE id = $1 AND user_id = $2 FOR KEY SHARE", db::Params(id, user_id))
              .empty();
}

std::vector<ProjectName> ProjectRepository::names(std::string_view user_id) {
  std::vector<ProjectName> out;
  for (const auto& r : c_.exec("SELECT id, name FROM projects WHERE user_id = $1 ORDER BY position", db::Params(user_id)))
    out.push_back({r.str(0), r.str(1)});
  return out;
}

int ProjectRepository::count(std::string_view user_id) {
  return static_cast<int>(
      c_.exec("SELECT count(*) FROM projects WHERE user_id = $1", db::Params(user_id)).front().int64(0));
}

bool ProjectRepository::name_taken(std::string_view user_id, std::string_view name, std::string_view except_id) {
  // except_id is '' (no exception) or a uuid; compared as text so '' is no error.
  return !c_.exec("SELECT 1 FROM projects WHERE user_id = $1 AND lower(name) = lower($2) AND id::text <> $3",
                  db::Params(user_id, name, except_id))
              .empty();
}

void ProjectRepository::insert(const Project& p) {
  c_.exec(
      "INSERT INTO projects (id, user_id, name, color, position, created_at, updated_at, version)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      db::Params(p.id, p.user_id, p.name, p.color, p.position, p.created_at, p.updated_at, p.version));
}

void ProjectRepository::update(const Project& p) {
  c_.exec(
      "UPDATE projects SET name = $3, color = $4, position = $5, updated_at = $6, version = $7"
      " WHERE id = $1 AND user_id = $2",
      db::Params(p.id, p.user_id, p.name, p.color, p.position, p.updated_at, p.version));
}

void ProjectRepository::remove(std::string_view user_id, std::string_view id) {
  c_.exec("DELETE FROM projects WHERE id = $1 AND user_id = $2", db::Params(id, user_id));
}

void ProjectRepository::shift(std::string_view user_id, std::string_view except_id, const PositionShift& s) {
  if (s.delta == 0) return;
  c_.exec(
      "UPDATE projects SET position = position + $4 WHERE user_id = $1 AND id <> $2 AND position BETWEEN $3 AND $5",
      db::Params(user_id, except_id, s.from, s.delta, s.to));
}

}  // namespace todo::services::todo_api
