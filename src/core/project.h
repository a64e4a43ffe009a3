#pragma once
// The project resource of DESIGN §3.8 (a list of tasks) and its JSON form.
// task_count and pending_count are not stored: the repository counts the
// project's tasks (trashed ones in neither) when it reads a project.
//
// Header-only: a value type and two small functions (the core library's
// sources are listed one by one in src/CMakeLists.txt).
#include <algorithm>
#include <array>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/strings.h"
#include "core/time.h"

namespace todo::core {

inline constexpr size_t kMaxProjectName = 100;
inline constexpr int kMaxProjectsPerUser = 200;

// The palette a project's color is one of; clients map the names to their
// own shades (light and dark themes differ).
inline constexpr std::array<std::string_view, 12> kProjectColors = {
    "red", "orange", "yellow", "lime", "green", "teal", "cyan", "blue", "indigo", "purple", "pink", "grey"};
inline constexpr std::string_view kDefaultProjectColor = "grey";

// The palette name, case-insensitively ("Teal" -> "teal"), or nullopt.
inline std::optional<std::string> parse_project_color(std::string_view s) {
  auto lower = ascii_lower(s);
  if (std::find(kProjectColors.begin(), kProjectColors.end(), lower) == kProjectColors.end()) return std::nullopt;
  return lower;
}

struct Project {
  std::string id;
  std::string user_id;
  std::string name;
  std::string color{kDefaultProjectColor};
  int position = 0;  // 0-based index among the user's projects, without gaps
  long long task_count = 0;     // pending + completed, not trashed
  long long pending_count = 0;  // pending, not trashed
  Instant created_at{};
  Instant updated_at{};
  long long version = 1;
};

inline boost::json::object to_json(const Project& p) {
  return boost::json::object{{"id", p.id},
                             {"user_id", p.user_id},
                             {"name", p.name},
                             {"color", p.color},
                             {"position", p.position},
                             {"task_count", p.task_count},
                             {"pending_count", p.pending_count},
                             {"created_at", format_rfc3339(p.created_at)},
                             {"updated_at", format_rfc3339(p.updated_at)},
                             {"version", p.version}};
}

}  // namespace todo::core
