// The list route writes tasks with core::append_json instead of building
// core::to_json trees; both must give the same JSON for every task.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/task.h"
#include "core/time.h"

#include <string_view>
#include <vector>

namespace todo::core {
namespace {

namespace json = boost::json;

Instant at(const char* text) { return parse_rfc3339(text).value(); }

Task full_task() {
  Task t;
  t.id = "6f1c2a7e-3b0d-4c8e-9a51-2d7f3e4b5c60";
  t.user_id = "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
  t.title = "Quote \" backslash \\ tab \t newline \n bell \x07 unit \x1f — ünïcødé 🎉";
  t.description = "line one\r\nline two";
  t.priority = Priority::High;
  t.tags = {"home", "bills", "a\"b"};
  t.completed = true;
  t.due_date = at("2026-12-24T18:00:00.000Z");
  t.reminder_at = at("2026-12-24T17:30:00.000Z");
  t.reminder_sent = true;
  t.recurrence = "FREQ=WEEKLY;BYDAY=MO,FR";
  t.recurrence_end = at("2027-06-30T21:59:59.999Z");
  t.timezone = "Europe/Berlin";
  t.parent_task_id = "11111111-2222-4333-8444-555555555555";
  t.project_id = "99999999-8888-4777-8666-555555555555";
  t.created_at = at("0001-01-01T00:00:00.000Z");
  t.updated_at = at("9999-12-31T23:59:59.999Z");
  t.completed_at = at("2026-12-03T10:00:00.007Z");
  t.version = 9007199254740993LL;
  t.deleted_at = at("2026-12-03T11:00:00.123Z");
  return t;
}

json::value written(const Task& t) {
  std::string out;
  append_json(out, t);
  return json::parse(out);
}

TEST(TaskJson, TheWriterAndTheTreeAgreeOnEveryFieldAndEscape) {
  const auto t = full_task();
  EXPECT_EQ(written(t), json::value(to_json(t)));
}

TEST(TaskJson, TheWriterAndTheTreeAgreeOnAnEmptyTask) {
  Task t;  // nulls, no tags, empty strings, defaults
  EXPECT_EQ(written(t), json::value(to_json(t)));
}

TEST(TaskJson, AViewWritesTheSameJsonAsItsTask) {
  const auto t = full_task();
  std::vector<std::string_view> tags;
  const auto view = view_of(t, tags);
  std::string from_view;
  append_json(from_view, view);
  std::string from_task;
  append_json(from_task, t);
  EXPECT_EQ(from_view, from_task);
  EXPECT_EQ(json::parse(from_view), json::value(to_json(t)));
}

TEST(TaskJson, ATaskSurvivesTheRoundTripThroughItsView) {
  for (const auto& t : {full_task(), Task{}}) {
    std::vector<std::string_view> tags;
    const auto back = to_task(view_of(t, tags));
    EXPECT_EQ(json::value(to_json(back)), json::value(to_json(t)));
  }
}

TEST(TaskJson, EveryControlCharacterIsEscapedAndRoundTrips) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all += static_cast<char>(c);
  std::string out;
  append_json_string(out, all);
  for (const char c : out) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << out;
  EXPECT_EQ(json::parse(out).as_string(), all);
}

}  // namespace
}  // namespace todo::core
