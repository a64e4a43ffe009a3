#pragma once
// todo-api's SQL about projects (table projects;
// migrations/0013_todo_api_projects_and_trash.sql). A project's counts are
// those of its tasks outside the trash.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/project.h"
#include "db/connection.h"
#include "services/todo-api/project_rules.h"

namespace todo::services::todo_api {

class ProjectRepository {
 public:
  explicit ProjectRepository(db::Connection& c) : c_(c) {}

  // Serialises the changes of one user's projects until the transaction
  // ends: positions stay 0..n-1, the cap and the names hold under
  // concurrent requests (a first project has no row to lock yet).
  void lock_user(std::string_view user_id);

  std::vector<core::Project> list(std::string_view user_id);  // by position
  std::optional<core::Project> find(std::string_view user_id, std::string_view id, bool for_update = false);
  // Whether the project is the user's, holding it (FOR KEY SHARE) until the
  // transaction ends so that it cannot be deleted under a task being filed
  // in it; its deletion, once committed, is seen here as "no".
  bool hold(std::string_view user_id, std::string_view id);
  std::vector<ProjectName> names(std::string_view user_id);
  int count(std::string_view user_id);
  // Whether another project of the user has this name, case-insensitively.
  bool name_taken(std::string_view user_id, std::string_view name, std::string_view except_id = {});

  void insert(const core::Project& p);
  void update(const core::Project& p);  // name, color, position, updated_at, version
  void remove(std::string_view user_id, std::string_view id);
  // Moves the user's other projects whose position is in the shift's range by its delta.
  void shift(std::string_view user_id, std::string_view except_id, const PositionShift& s);

 private:
  db::Connection& c_;
};

}  // namespace todo::services::todo_api
