// Quick add between HTTP and the parser (services/todo-api/quick_add_request;
// DESIGN §3.8): the body, the task the parse becomes through the task rules,
// the project's id, and the "parsed" object.
#include "services/todo-api/quick_add_request.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>

#include "core/error.h"

namespace todo::services::todo_api {
namespace {
namespace json = boost::json;

const core::Instant kNow = core::parse_rfc3339("2026-12-02T10:00:00Z").value();  // a Wednesday

std::vector<core::FieldProblem> problems_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::ValidationFailed);
    return e.details();
  }
  ADD_FAILURE() << "no ApiError";
  return {};
}

core::QuickAddResult parse(std::string_view text, const std::vector<ProjectName>& projects = {},
                           const std::string& tz = "UTC") {
  core::QuickAddContext ctx{kNow, tz, {}};
  for (const auto& p : projects) ctx.project_names.push_back(p.name);
  return core::parse_quick_add(text, ctx);
}

TEST(QuickAddBody, TextRequiredTimezoneOptional) {
  const auto b = parse_quick_add_body(json::parse(R"({"text": "Buy milk"})"));
  EXPECT_EQ(b.text, "Buy milk");
  EXPECT_EQ(b.timezone, "UTC");
  EXPECT_EQ(parse_quick_add_body(json::parse(R"({"text": "x", "timezone": null})")).timezone, "UTC");
  EXPECT_EQ(parse_quick_add_body(json::parse(R"({"text": "x", "timezone": "Europe/Berlin"})")).timezone,
            "Europe/Berlin");
  auto fields = [](const char* body) {
    std::vector<std::string> out;
    for (const auto& p : problems_of([&] { parse_quick_add_body(json::parse(body)); })) out.push_back(p.field);
    return out;
  };
  EXPECT_EQ(fields("{}"), std::vector<std::string>{"text"});
  EXPECT_EQ(fields(R"({"text": null})"), std::vector<std::string>{"text"});
  EXPECT_EQ(fields(R"({"text": 3, "timezone": 1, "title": "x"})"),
            (std::vector<std::string>{"text", "timezone", "title"}));
  EXPECT_EQ(fields("[]"), std::vector<std::string>{"body"});
}

TEST(QuickAddProject, TheRecognisedNameNamesOneProject) {
  const std::vector<ProjectName> projects = {{"id-home", "Home"}, {"id-reno", "Home Renovation"}, {"id-work", "Work"}};
  EXPECT_EQ(project_id_of(parse("Fix sink #home renovation", projects), projects), "id-reno");
  EXPECT_EQ(project_id_of(parse("Fix sink #HOME", projects), projects), "id-home");
  EXPECT_FALSE(project_id_of(parse("Fix sink #garden", projects), projects));
  EXPECT_FALSE(project_id_of(parse("Fix sink", projects), projects));
}

TEST(QuickAddTask, TheParseBecomesACreateInTheRequestsZone) {
  const std::vector<ProjectName> projects = {{"8d0c7a8e-6f3b-4c1e-9a55-1f6d2b7c9e01", "Home"}};
  const auto r = parse("Pay rent every month on the 1st 9am p1 @home @bills #home remind me 1h before", projects,
                       "Europe/Berlin");
  const auto id = project_id_of(r, projects);
  const auto t = quick_add_task(r, "Europe/Berlin", id);
  EXPECT_EQ(t.title, "Pay rent");
  EXPECT_EQ(t.timezone, "Europe/Berlin");
  EXPECT_EQ(t.recurrence, "FREQ=MONTHLY;BYMONTHDAY=1");
  EXPECT_EQ(t.priority, core::Priority::High);
  EXPECT_EQ(t.tags, (std::vector<std::string>{"home", "bills"}));
  EXPECT_EQ(t.project_id, id);
  EXPECT_EQ(t.due_date, core::parse_rfc3339("2027-01-01T08:00:00Z"));  // 09:00 CET on the next 1st
  EXPECT_EQ(t.reminder_at, core::parse_rfc3339("2027-01-01T07:00:00Z"));
  EXPECT_FALSE(t.completed);

  const auto plain = quick_add_task(parse("Buy milk"), "UTC", std::nullopt);
  EXPECT_EQ(plain.title, "Buy milk");
  EXPECT_EQ(plain.priority, core::Priority::Medium);
  EXPECT_FALSE(plain.due_date || plain.reminder_at || plain.recurrence || plain.project_id);
}

TEST(QuickAddTask, TheTaskRulesStillApply) {
  // A title of more than 200 characters is the task rule's to refuse, on `title`.
  const std::string long_title(201, 'a');
  const auto problems = problems_of([&] { quick_add_task(parse(long_title), "UTC", std::nullopt); });
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "title");
  // A reminder after the due date ("remind in 3 days" with "tomorrow").
  const auto late = problems_of([&] { quick_add_task(parse("Call Bob tomorrow remind me in 3 days"), "UTC", {}); });
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].field, "reminder_at");
}

TEST(QuickAddParsed, ThePartsRecognisedWithTheProjectsId) {
  const std::vector<ProjectName> projects = {{"8d0c7a8e-6f3b-4c1e-9a55-1f6d2b7c9e01", "Work"}};
  const auto r = parse("Report friday #work", projects);
  const auto o = parsed_json(r, project_id_of(r, projects));
  EXPECT_EQ(o.at("title"), "Report");
  EXPECT_EQ(o.at("all_day"), true);
  EXPECT_EQ(o.at("project"), "Work");
  EXPECT_EQ(o.at("project_id"), "8d0c7a8e-6f3b-4c1e-9a55-1f6d2b7c9e01");
  EXPECT_EQ(o.at("matches").as_array().size(), 2u);
  const auto bare = parsed_json(parse("Report #garden"), std::nullopt);
  EXPECT_EQ(bare.at("title"), "Report #garden");
  for (const auto* key : {"due_date", "all_day", "recurrence", "priority", "reminder_at", "tags", "project",
                          "project_id", "matches"})
    EXPECT_FALSE(bare.contains(key)) << key;
}

}  // namespace
}  // namespace todo::services::todo_api
