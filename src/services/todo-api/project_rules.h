#pragma once
// The rules of projects that need no database (DESIGN §3.8 and the
// decisions that complete it): the fields of a create or a PATCH, and how
// positions move.
#include <boost/json/value.hpp>
#include <climits>
#include <optional>
#include <string>
#include <vector>

#include "core/project.h"
#include "core/query_params.h"
#include "core/task_input.h"

namespace todo::services::todo_api {

// A project as quick add and names() see it.
struct ProjectName {
  std::string id;
  std::string name;
};

// A validated body. Absent fields are nullopt.
struct ProjectInput {
  std::optional<std::string> name;      // trimmed, 1-100 characters
  std::optional<std::string> color;     // a palette name; null in the body = the default
  std::optional<long long> position;    // PATCH only: 0 or more (past the end = last)
};

// POST …/projects: name required, color optional. Throws ApiError
// (ValidationFailed) listing every broken field; unknown and read-only
// fields (position included: a new project goes last) are broken fields.
ProjectInput parse_project_create(const boost::json::value& body);
// PATCH …/projects/{id}: name, color, position, each optional.
ProjectInput parse_project_patch(const boost::json::value& body);

// DELETE …/projects/{id}?delete_tasks=true|false (default false): whether
// the project's tasks go to the trash rather than to the inbox. Throws
// ApiError(BadRequest) for another value or parameter.
bool delete_tasks_param(const core::QueryParams& params);

// The index a project asked to move to `requested` ends at among `count`
// projects: past the end is the last.
int final_position(long long requested, int count);

// Neighbours move by `delta` when their position is in [from, to].
struct PositionShift {
  int from = 0;
  int to = INT_MAX;
  int delta = 0;
  friend bool operator==(const PositionShift&, const PositionShift&) = default;
};
// Moving one project from `from` to `to`: those in between close ranks.
PositionShift shift_for_move(int from, int to);
// Removing the project at `position`: those after it move up one.
PositionShift shift_for_removal(int position);

// Applies name, color and a resolved position to `project`; returns what
// changed, for project.updated.
std::vector<core::FieldChange> apply_project_input(core::Project& project, const ProjectInput& input,
                                                   std::optional<int> position);

}  // namespace todo::services::todo_api
