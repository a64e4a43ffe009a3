// The pure rules of projects (services/todo-api/project_rules, core/project.h;
// DESIGN §3.8): bodies of create and PATCH, the palette, and how positions
// move so that they stay 0..n-1 without gaps.
#include "services/todo-api/project_rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <climits>
#include <functional>
#include <numeric>

#include "core/error.h"

namespace todo::services::todo_api {
namespace {
namespace json = boost::json;

std::vector<std::string> fields_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::ValidationFailed);
    std::vector<std::string> out;
    for (const auto& d : e.details()) out.push_back(d.field);
    return out;
  }
  ADD_FAILURE() << "no ApiError";
  return {};
}

TEST(ProjectColor, ThePaletteCaseInsensitively) {
  EXPECT_EQ(core::kProjectColors.size(), 12u);
  for (const auto c : core::kProjectColors) EXPECT_EQ(core::parse_project_color(c), std::string(c));
  EXPECT_EQ(core::parse_project_color("Teal"), "teal");
  EXPECT_EQ(core::parse_project_color("GREY"), "grey");
  EXPECT_FALSE(core::parse_project_color("gray"));  // the palette's spelling only
  EXPECT_FALSE(core::parse_project_color("#ff0000"));
  EXPECT_FALSE(core::parse_project_color(""));
  EXPECT_FALSE(core::parse_project_color(" red"));
}

TEST(ProjectCreate, NameIsRequiredTrimmedAndBounded) {
  const auto in = parse_project_create(json::parse(R"({"name": "  Home  "})"));
  EXPECT_EQ(in.name, "Home");
  EXPECT_FALSE(in.color);  // the route applies the default
  EXPECT_EQ(parse_project_create(json::parse(R"({"name": "x", "color": null})")).color, "grey");
  EXPECT_EQ(parse_project_create(json::parse(R"({"name": "x", "color": "Blue"})")).color, "blue");
  const std::string hundred(100, 'a');
  EXPECT_EQ(parse_project_create(json::object{{"name", hundred}}).name, hundred);
  const std::string kanji100 = [] {
    std::string s;
    for (int i = 0; i < 100; ++i) s += "\u65e5";
    return s;
  }();
  EXPECT_EQ(parse_project_create(json::object{{"name", kanji100}}).name, kanji100);  // characters, not bytes

  EXPECT_EQ(fields_of([] { parse_project_create(json::parse("{}")); }), std::vector<std::string>{"name"});
  EXPECT_EQ(fields_of([] { parse_project_create(json::parse(R"({"name": "   "})")); }), std::vector<std::string>{"name"});
  EXPECT_EQ(fields_of([] { parse_project_create(json::parse(R"({"name": null})")); }), std::vector<std::string>{"name"});
  EXPECT_EQ(fields_of([] { parse_project_create(json::parse(R"({"name": 5})")); }), std::vector<std::string>{"name"});
  EXPECT_EQ(fields_of([&] { parse_project_create(json::object{{"name", hundred + "a"}}); }),
            std::vector<std::string>{"name"});
  EXPECT_EQ(fields_of([] { parse_project_create(json::parse(R"({"name": "a\u0007b"})")); }),
            std::vector<std::string>{"name"});
  EXPECT_EQ(fields_of([] { parse_project_create(json::parse("[]")); }), std::vector<std::string>{"body"});
}

TEST(ProjectCreate, EveryBrokenFieldAtOnceUnknownReadOnlyAndPosition) {
  const auto fields = fields_of([] {
    parse_project_create(
        json::parse(R"({"name": "", "color": "mauve", "position": 0, "task_count": 3, "id": "x", "colour": "red"})"));
  });
  EXPECT_EQ(fields, (std::vector<std::string>{"name", "color", "position", "task_count", "id", "colour"}));
}

TEST(ProjectPatch, EveryFieldOptionalPositionNonNegative) {
  const auto empty = parse_project_patch(json::parse("{}"));
  EXPECT_FALSE(empty.name || empty.color || empty.position);
  EXPECT_EQ(parse_project_patch(json::parse(R"({"position": 3})")).position, 3);
  EXPECT_EQ(parse_project_patch(json::parse(R"({"position": 0})")).position, 0);
  EXPECT_EQ(parse_project_patch(json::parse(R"({"position": 18446744073709551615})")).position, LLONG_MAX);
  EXPECT_EQ(fields_of([] { parse_project_patch(json::parse(R"({"position": -1})")); }),
            std::vector<std::string>{"position"});
  EXPECT_EQ(fields_of([] { parse_project_patch(json::parse(R"({"position": 1.5})")); }),
            std::vector<std::string>{"position"});
  EXPECT_EQ(fields_of([] { parse_project_patch(json::parse(R"({"position": "2"})")); }),
            std::vector<std::string>{"position"});
  EXPECT_EQ(fields_of([] { parse_project_patch(json::parse(R"({"position": null})")); }),
            std::vector<std::string>{"position"});
  EXPECT_EQ(fields_of([] { parse_project_patch(json::parse(R"({"version": 2, "updated_at": "x"})")); }),
            (std::vector<std::string>{"version", "updated_at"}));
}

TEST(ProjectPositions, PastTheEndIsLastNeverNegative) {
  EXPECT_EQ(final_position(0, 3), 0);
  EXPECT_EQ(final_position(2, 3), 2);
  EXPECT_EQ(final_position(3, 3), 2);
  EXPECT_EQ(final_position(LLONG_MAX, 3), 2);
  EXPECT_EQ(final_position(5, 1), 0);
}

TEST(ProjectPositions, ShiftsOfAMoveAndARemoval) {
  EXPECT_EQ(shift_for_move(1, 4), (PositionShift{2, 4, -1}));
  EXPECT_EQ(shift_for_move(4, 1), (PositionShift{1, 3, +1}));
  EXPECT_EQ(shift_for_move(2, 2).delta, 0);
  EXPECT_EQ(shift_for_removal(3), (PositionShift{4, INT_MAX, -1}));
}

// What the repository does with a shift, on positions in memory: every move
// of every project to every index of a list of 6 leaves 0..5 with the moved
// project where asked and the others in their old relative order.
TEST(ProjectPositions, EveryMoveKeepsAPermutationAndTheOthersOrder) {
  constexpr int n = 6;
  for (int from = 0; from < n; ++from) {
    for (int asked = 0; asked < n + 2; ++asked) {
      std::vector<int> pos(n);  // pos[project] = position; project i starts at i
      std::iota(pos.begin(), pos.end(), 0);
      const int to = final_position(asked, n);
      const auto s = shift_for_move(from, to);
      for (int p = 0; p < n; ++p)
        if (p != from && pos[p] >= s.from && pos[p] <= s.to) pos[p] += s.delta;
      pos[from] = to;
      auto sorted = pos;
      std::sort(sorted.begin(), sorted.end());
      std::vector<int> expected(n);
      std::iota(expected.begin(), expected.end(), 0);
      EXPECT_EQ(sorted, expected) << from << " -> " << asked;
      EXPECT_EQ(pos[from], std::min(asked, n - 1));
      std::vector<int> others_before;
      for (int p = 0; p < n; ++p)
        if (p != from) others_before.push_back(p);
      std::vector<int> by_position(n);
      for (int p = 0; p < n; ++p) by_position[pos[p]] = p;
      by_position.erase(std::find(by_position.begin(), by_position.end(), from));
      EXPECT_EQ(by_position, others_before) << from << " -> " << asked;
    }
  }
}

TEST(ProjectPositions, RemovalClosesTheGap) {
  constexpr int n = 5;
  for (int removed = 0; removed < n; ++removed) {
    std::vector<int> pos;
    const auto s = shift_for_removal(removed);
    for (int p = 0; p < n; ++p)
      if (p != removed) pos.push_back(p >= s.from && p <= s.to ? p + s.delta : p);
    std::vector<int> expected(n - 1);
    std::iota(expected.begin(), expected.end(), 0);
    EXPECT_EQ(pos, expected) << removed;
  }
}

TEST(ProjectChanges, OnlyWhatDiffers) {
  core::Project p;
  p.name = "Home";
  p.color = "grey";
  p.position = 2;
  ProjectInput same;
  same.name = "Home";
  same.color = "grey";
  EXPECT_TRUE(apply_project_input(p, same, 2).empty());
  ProjectInput in;
  in.name = "home";  // another case is another name
  in.color = "teal";
  const auto changes = apply_project_input(p, in, 0);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].field, "name");
  EXPECT_EQ(changes[0].from, "Home");
  EXPECT_EQ(changes[0].to, "home");
  EXPECT_EQ(changes[1].field, "color");
  EXPECT_EQ(changes[2].field, "position");
  EXPECT_EQ(changes[2].from, 2);
  EXPECT_EQ(changes[2].to, 0);
  EXPECT_EQ(p.name, "home");
  EXPECT_EQ(p.color, "teal");
  EXPECT_EQ(p.position, 0);
}

TEST(ProjectDeleteQuery, DeleteTasksIsTrueOrFalse) {
  EXPECT_FALSE(delete_tasks_param({}));
  EXPECT_FALSE(delete_tasks_param({{"delete_tasks", "false"}}));
  EXPECT_TRUE(delete_tasks_param({{"delete_tasks", "true"}}));
  for (const core::QueryParams& bad :
       {core::QueryParams{{"delete_tasks", "yes"}}, core::QueryParams{{"delete_tasks", "TRUE"}},
        core::QueryParams{{"delete_tasks", ""}}, core::QueryParams{{"cascade", "true"}},
        core::QueryParams{{"delete_tasks", "true"}, {"delete_tasks", "true"}}}) {
    try {
      delete_tasks_param(bad);
      ADD_FAILURE() << "accepted " << bad.front().first << "=" << bad.front().second;
    } catch (const core::ApiError& e) {
      EXPECT_EQ(e.code(), core::ErrorCode::BadRequest);
    }
  }
}

TEST(ProjectResource, JsonHasEveryFieldOfTheContract) {
  core::Project p;
  p.id = "i";
  p.user_id = "u";
  p.name = "Home";
  p.position = 1;
  p.task_count = 3;
  p.pending_count = 2;
  const auto o = core::to_json(p);
  std::vector<std::string> keys;
  for (const auto& [k, v] : o) keys.emplace_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "user_id", "name", "color", "position", "task_count", "pending_count",
                                            "created_at", "updated_at", "version"}));
  EXPECT_EQ(o.at("color"), "grey");
  EXPECT_EQ(o.at("task_count"), 3);
}

}  // namespace
}  // namespace todo::services::todo_api
