// Create/patch validation of the task resource (DESIGN §3.3).
#include "core/task_input.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/task.h"

namespace todo::core {
namespace {

namespace json = boost::json;

const std::string kNbsp = "\u00A0";
const std::string kEmoji = "\U0001F600";
const std::string kKanji = "\u65e5";  // 日

Instant at(const char* text) {
  const auto t = parse_rfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Instant{});
}

std::string repeat(std::string_view unit, size_t n) {
  std::string s;
  s.reserve(unit.size() * n);
  for (size_t i = 0; i < n; ++i) s += unit;
  return s;
}

json::value body(std::string_view text) { return json::parse(text); }

json::object with_title(json::object o, std::string title = "Pay rent") {
  o["title"] = title;
  return o;
}

std::optional<ApiError> create_error(const json::value& b) {
  try {
    (void)make_task(b);
  } catch (const ApiError& e) {
    return e;
  }
  return std::nullopt;
}

std::optional<ApiError> patch_error(const json::value& b) {
  try {
    (void)parse_task_patch(b);
  } catch (const ApiError& e) {
    return e;
  }
  return std::nullopt;
}

std::optional<ApiError> apply_error(Task& t, const TaskPatch& p) {
  try {
    (void)apply_patch(t, p);
  } catch (const ApiError& e) {
    return e;
  }
  return std::nullopt;
}

std::vector<std::string> sorted_fields(const ApiError& e) {
  std::vector<std::string> out;
  for (const auto& d : e.details()) out.push_back(d.field);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::string problem_of(const ApiError& e, std::string_view field) {
  for (const auto& d : e.details())
    if (d.field == field) return d.problem;
  return "<no problem for " + std::string(field) + ">";
}

// Asserts that creating `b` fails with 422 listing exactly `fields`.
void expect_create_rejected(const json::value& b, std::vector<std::string> fields) {
  const auto err = create_error(b);
  ASSERT_TRUE(err.has_value()) << json::serialize(b);
  EXPECT_EQ(err->code(), ErrorCode::ValidationFailed);
  EXPECT_EQ(sorted_fields(*err), sorted(std::move(fields))) << json::serialize(b);
}

Task create_ok(const json::value& b) {
  const auto err = create_error(b);
  EXPECT_FALSE(err.has_value()) << json::serialize(b) << ": " << (err ? err->what() : "");
  if (err) return Task{};
  return make_task(b);
}

// ---------------------------------------------------------------- create

TEST(TaskCreate, MinimalBodyGetsDefaults) {
  const Task t = create_ok(body(R"({"title": "Pay rent"})"));
  EXPECT_EQ(t.title, "Pay rent");
  EXPECT_EQ(t.description, "");
  EXPECT_EQ(t.priority, Priority::Medium);
  EXPECT_TRUE(t.tags.empty());
  EXPECT_FALSE(t.completed);
  EXPECT_EQ(t.status(), "pending");
  EXPECT_FALSE(t.due_date.has_value());
  EXPECT_FALSE(t.reminder_at.has_value());
  EXPECT_FALSE(t.reminder_sent);
  EXPECT_FALSE(t.recurrence.has_value());
  EXPECT_FALSE(t.recurrence_end.has_value());
  EXPECT_EQ(t.timezone, "UTC");
  EXPECT_FALSE(t.parent_task_id.has_value());
}

TEST(TaskCreate, EveryWritableField) {
  const Task t = create_ok(body(R"({
    "title": "Pay rent", "description": "landlord", "priority": "high", "tags": ["home", "bills"],
    "due_date": "2026-12-01T09:00:00Z", "reminder_at": "2026-12-01T08:30:00.000Z",
    "recurrence": "FREQ=MONTHLY;BYMONTHDAY=1", "recurrence_end": "2027-12-31T00:00:00Z",
    "timezone": "Europe/Berlin"})"));
  EXPECT_EQ(t.title, "Pay rent");
  EXPECT_EQ(t.description, "landlord");
  EXPECT_EQ(t.priority, Priority::High);
  EXPECT_EQ(t.tags, (std::vector<std::string>{"home", "bills"}));
  EXPECT_EQ(t.due_date, at("2026-12-01T09:00:00Z"));
  EXPECT_EQ(t.reminder_at, at("2026-12-01T08:30:00Z"));
  EXPECT_EQ(t.recurrence, "FREQ=MONTHLY;BYMONTHDAY=1");
  EXPECT_EQ(t.recurrence_end, at("2027-12-31T00:00:00Z"));
  EXPECT_EQ(t.timezone, "Europe/Berlin");
}

TEST(TaskCreate, TitleIsRequired) {
  const auto err = create_error(body(R"({"description": "no title"})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code(), ErrorCode::ValidationFailed);
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"title"});
  EXPECT_STREQ(err->what(), "title is required");
}

TEST(TaskCreate, EmptyBodyObjectNeedsTitle) { expect_create_rejected(body("{}"), {"title"}); }

TEST(TaskCreate, BodyMustBeAnObject) {
  for (const char* text : {"[]", "\"title\"", "42", "null", "true"}) {
    const auto err = create_error(body(text));
    ASSERT_TRUE(err.has_value()) << text;
    EXPECT_EQ(err->code(), ErrorCode::ValidationFailed) << text;
    EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"body"}) << text;
  }
}

// ---------------------------------------------------------------- title

TEST(TaskTitle, EmptyOrBlankIsRejected) {
  for (const std::string& title : {std::string(""), std::string("   "), std::string("\t\n"), kNbsp,
                                   kNbsp + " " + kNbsp, std::string("\u3000")}) {
    const auto err = create_error(json::object{{"title", title}});
    ASSERT_TRUE(err.has_value()) << "'" << title << "'";
    EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"title"});
    EXPECT_EQ(problem_of(*err, "title"), "must not be empty");
    EXPECT_STREQ(err->what(), "title must not be empty");
  }
}

TEST(TaskTitle, IsTrimmedIncludingUnicodeSpaces) {
  EXPECT_EQ(create_ok(json::object{{"title", "  Pay rent \t"}}).title, "Pay rent");
  EXPECT_EQ(create_ok(json::object{{"title", kNbsp + "Pay rent" + kNbsp}}).title, "Pay rent");
  EXPECT_EQ(create_ok(json::object{{"title", "\u3000\u65e5\u672c\u8a9e\u2003"}}).title, "\u65e5\u672c\u8a9e");
  EXPECT_EQ(create_ok(json::object{{"title", " a  b "}}).title, "a  b");  // interior kept
}

TEST(TaskTitle, ExactlyTwoHundredAsciiCharactersIsValid) {
  const std::string title = repeat("a", 200);
  EXPECT_EQ(create_ok(json::object{{"title", title}}).title, title);
}

TEST(TaskTitle, TwoHundredAndOneAsciiCharactersIsRejected) {
  const auto err = create_error(json::object{{"title", repeat("a", 201)}});
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"title"});
  EXPECT_EQ(problem_of(*err, "title"), "must be at most 200 characters");
}

TEST(TaskTitle, LengthIsCountedAfterTrimming) {
  const std::string inner = repeat("b", 200);
  EXPECT_EQ(create_ok(json::object{{"title", "   " + inner + kNbsp + kNbsp}}).title, inner);
  expect_create_rejected(json::object{{"title", " " + repeat("b", 201) + " "}}, {"title"});
}

TEST(TaskTitle, UnicodeIsCountedInCharactersNotBytes) {
  const std::string nihongo = "\u65e5\u672c\u8a9e";  // 9 bytes, 3 characters
  EXPECT_EQ(create_ok(json::object{{"title", nihongo}}).title, nihongo);

  const std::string kanji200 = repeat(kKanji, 200);  // 600 bytes
  EXPECT_EQ(create_ok(json::object{{"title", kanji200}}).title, kanji200);
  expect_create_rejected(json::object{{"title", repeat(kKanji, 201)}}, {"title"});
}

TEST(TaskTitle, TwoHundredEmojiAreValidTwoHundredAndOneAreNot) {
  const std::string emoji200 = repeat(kEmoji, 200);  // 800 bytes
  EXPECT_EQ(create_ok(json::object{{"title", emoji200}}).title, emoji200);
  expect_create_rejected(json::object{{"title", repeat(kEmoji, 201)}}, {"title"});
}

TEST(TaskTitle, MustBeAString) {
  for (const char* text : {R"({"title": null})", R"({"title": 5})", R"({"title": ["a"]})", R"({"title": {}})",
                           R"({"title": true})"}) {
    expect_create_rejected(body(text), {"title"});
  }
  const auto err = create_error(body(R"({"title": null})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(problem_of(*err, "title"), "must not be null");
}

TEST(TaskTitle, ControlCharactersAreRejected) {
  expect_create_rejected(json::object{{"title", "a\x01" "b"}}, {"title"});
  expect_create_rejected(json::object{{"title", "line\nbreak"}}, {"title"});
  expect_create_rejected(json::object{{"title", "tab\there"}}, {"title"});
  expect_create_rejected(json::object{{"title", "c1\u0085c1"}}, {"title"});
}

// ---------------------------------------------------------------- description

TEST(TaskDescription, FourThousandCharactersIsTheLimit) {
  const std::string ok = repeat("d", 4000);
  EXPECT_EQ(create_ok(with_title(json::object{{"description", ok}})).description, ok);
  const auto err = create_error(with_title(json::object{{"description", repeat("d", 4001)}}));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"description"});
  EXPECT_EQ(problem_of(*err, "description"), "must be at most 4000 characters");
}

TEST(TaskDescription, LimitCountsCharactersNotBytes) {
  const std::string ok = repeat("\u00e9", 4000);  // 8000 bytes
  EXPECT_EQ(create_ok(with_title(json::object{{"description", ok}})).description, ok);
  expect_create_rejected(with_title(json::object{{"description", repeat("\u00e9", 4001)}}), {"description"});
  expect_create_rejected(with_title(json::object{{"description", repeat(kEmoji, 4001)}}), {"description"});
}

TEST(TaskDescription, TabsAndNewlinesAllowedOtherControlsNot) {
  EXPECT_EQ(create_ok(with_title(json::object{{"description", "line 1\r\nline\t2"}})).description,
            "line 1\r\nline\t2");
  expect_create_rejected(with_title(json::object{{"description", "bell\x07"}}), {"description"});
  expect_create_rejected(with_title(json::object{{"description", "del\x7f"}}), {"description"});
}

TEST(TaskDescription, NullClearsAndWrongTypesAreRejected) {
  EXPECT_EQ(create_ok(body(R"({"title": "t", "description": null})")).description, "");
  expect_create_rejected(body(R"({"title": "t", "description": 12})"), {"description"});
  expect_create_rejected(body(R"({"title": "t", "description": ["x"]})"), {"description"});
}

// ---------------------------------------------------------------- priority

TEST(TaskPriority, AcceptsTheThreeLevels) {
  EXPECT_EQ(create_ok(body(R"({"title": "t", "priority": "low"})")).priority, Priority::Low);
  EXPECT_EQ(create_ok(body(R"({"title": "t", "priority": "medium"})")).priority, Priority::Medium);
  EXPECT_EQ(create_ok(body(R"({"title": "t", "priority": "high"})")).priority, Priority::High);
}

TEST(TaskPriority, RejectsEverythingElse) {
  for (const char* text : {R"({"title": "t", "priority": "urgent"})", R"({"title": "t", "priority": ""})",
                           R"({"title": "t", "priority": 3})", R"({"title": "t", "priority": null})",
                           R"({"title": "t", "priority": " high"})", R"({"title": "t", "priority": ["high"]})"}) {
    expect_create_rejected(body(text), {"priority"});
  }
}

TEST(TaskPriority, ParseAndPrint) {
  EXPECT_EQ(parse_priority("HIGH"), Priority::High);  // documented as case-insensitive
  EXPECT_EQ(parse_priority("Low"), Priority::Low);
  EXPECT_FALSE(parse_priority("hi").has_value());
  EXPECT_EQ(to_string(Priority::Low), "low");
  EXPECT_EQ(to_string(Priority::Medium), "medium");
  EXPECT_EQ(to_string(Priority::High), "high");
  EXPECT_LT(static_cast<int>(Priority::Low), static_cast<int>(Priority::Medium));
  EXPECT_LT(static_cast<int>(Priority::Medium), static_cast<int>(Priority::High));
}

// ---------------------------------------------------------------- tags

json::value tags_body(const std::vector<std::string>& tags) {
  json::array a;
  for (const auto& t : tags) a.emplace_back(t);
  return json::object{{"title", "t"}, {"tags", std::move(a)}};
}

std::vector<std::string> numbered_tags(size_t n) {
  std::vector<std::string> tags;
  for (size_t i = 0; i < n; ++i) tags.push_back("tag" + std::to_string(i));
  return tags;
}

TEST(TaskTags, LowerCasedAndTrimmed) {
  EXPECT_EQ(create_ok(tags_body({" Home ", "BILLS", kNbsp + "Work_2-x" + kNbsp})).tags,
            (std::vector<std::string>{"home", "bills", "work_2-x"}));
}

TEST(TaskTags, DuplicatesMergedFirstOccurrenceOrderKept) {
  EXPECT_EQ(create_ok(tags_body({"b", "a", "B", " a ", "c", "b"})).tags, (std::vector<std::string>{"b", "a", "c"}));
}

TEST(TaskTags, TwentyTagsAreValid) { EXPECT_EQ(create_ok(tags_body(numbered_tags(20))).tags.size(), 20u); }

TEST(TaskTags, TwentyOneTagsAreRejected) {
  const auto err = create_error(tags_body(numbered_tags(21)));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"tags"});
  EXPECT_EQ(problem_of(*err, "tags"), "must have at most 20 tags");
}

TEST(TaskTags, LimitAppliesAfterMergingDuplicates) {
  auto tags = numbered_tags(20);
  tags.push_back("TAG3");  // a duplicate after lower-casing
  EXPECT_EQ(create_ok(tags_body(tags)).tags, numbered_tags(20));
}

TEST(TaskTags, ThirtyTwoCharactersValidThirtyThreeNot) {
  const std::string t32 = repeat("x", 32);
  EXPECT_EQ(create_ok(tags_body({t32})).tags, std::vector<std::string>{t32});
  EXPECT_EQ(create_ok(tags_body({"  " + repeat("X", 32) + "  "})).tags, std::vector<std::string>{t32});
  const auto err = create_error(tags_body({"ok", repeat("x", 33)}));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"tags[1]"});
}

TEST(TaskTags, EveryBrokenTagIsListedByIndex) {
  const auto err = create_error(body(R"({"title": "t", "tags": ["ok", "with space", "", "   ", 5, "caf\u00e9", "a.b", "fine", null]})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code(), ErrorCode::ValidationFailed);
  EXPECT_EQ(sorted_fields(*err),
            sorted({"tags[1]", "tags[2]", "tags[3]", "tags[4]", "tags[5]", "tags[6]", "tags[8]"}));
}

TEST(TaskTags, MustBeAnArrayNullClears) {
  expect_create_rejected(body(R"({"title": "t", "tags": "home"})"), {"tags"});
  expect_create_rejected(body(R"({"title": "t", "tags": {"a": 1}})"), {"tags"});
  EXPECT_TRUE(create_ok(body(R"({"title": "t", "tags": null})")).tags.empty());
  EXPECT_TRUE(create_ok(body(R"({"title": "t", "tags": []})")).tags.empty());
}

TEST(NormalizeTag, Rules) {
  EXPECT_EQ(normalize_tag("  Foo_Bar-9 "), "foo_bar-9");
  EXPECT_EQ(normalize_tag(kNbsp + "x" + kNbsp), "x");
  EXPECT_EQ(normalize_tag("a"), "a");
  EXPECT_EQ(normalize_tag(repeat("z", 32)), repeat("z", 32));
  EXPECT_FALSE(normalize_tag(repeat("z", 33)).has_value());
  EXPECT_FALSE(normalize_tag("").has_value());
  EXPECT_FALSE(normalize_tag("  ").has_value());
  EXPECT_FALSE(normalize_tag("a b").has_value());
  EXPECT_FALSE(normalize_tag("a/b").has_value());
  EXPECT_FALSE(normalize_tag("#tag").has_value());
  EXPECT_FALSE(normalize_tag("\u00e9t\u00e9").has_value());
  EXPECT_FALSE(normalize_tag(kEmoji).has_value());
}

// ---------------------------------------------------------------- dates

TEST(TaskDates, MustBeRfc3339StringsOrNull) {
  expect_create_rejected(body(R"({"title": "t", "due_date": "tomorrow"})"), {"due_date"});
  expect_create_rejected(body(R"({"title": "t", "due_date": "2026-12-01"})"), {"due_date"});
  expect_create_rejected(body(R"({"title": "t", "due_date": 1795514400})"), {"due_date"});
  expect_create_rejected(body(R"({"title": "t", "reminder_at": "2026-12-01T09:00:00"})"), {"reminder_at"});
  expect_create_rejected(body(R"({"title": "t", "recurrence_end": true})"), {"recurrence_end"});
  const Task t = create_ok(body(R"({"title": "t", "due_date": null, "reminder_at": null, "recurrence_end": null})"));
  EXPECT_FALSE(t.due_date.has_value());
  EXPECT_FALSE(t.reminder_at.has_value());
  EXPECT_FALSE(t.recurrence_end.has_value());
}

TEST(TaskDates, OffsetsAreNormalisedToUtc) {
  EXPECT_EQ(create_ok(body(R"({"title": "t", "due_date": "2026-12-01T10:00:00+01:00"})")).due_date,
            at("2026-12-01T09:00:00Z"));
}

TEST(TaskDates, ReminderEqualToDueDateIsValid) {
  const Task t =
      create_ok(body(R"({"title": "t", "due_date": "2026-12-01T09:00:00Z", "reminder_at": "2026-12-01T09:00:00Z"})"));
  EXPECT_EQ(t.reminder_at, t.due_date);
}

TEST(TaskDates, ReminderOneMillisecondAfterDueDateIsRejected) {
  const auto err = create_error(
      body(R"({"title": "t", "due_date": "2026-12-01T09:00:00.000Z", "reminder_at": "2026-12-01T09:00:00.001Z"})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code(), ErrorCode::ValidationFailed);
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"reminder_at"});
  EXPECT_EQ(problem_of(*err, "reminder_at"), "must not be after due_date");
}

TEST(TaskDates, ReminderWithoutDueDateIsValid) {
  EXPECT_EQ(create_ok(body(R"({"title": "t", "reminder_at": "2026-12-01T09:00:00Z"})")).reminder_at,
            at("2026-12-01T09:00:00Z"));
}

// ---------------------------------------------------------------- recurrence

TEST(TaskRecurrence, ShorthandsAreStoredAsRrule) {
  const char* due = R"(, "due_date": "2026-12-01T09:00:00Z"})";
  EXPECT_EQ(create_ok(body(std::string(R"({"title": "t", "recurrence": "daily")") + due)).recurrence, "FREQ=DAILY");
  EXPECT_EQ(create_ok(body(std::string(R"({"title": "t", "recurrence": "weekly")") + due)).recurrence, "FREQ=WEEKLY");
  EXPECT_EQ(create_ok(body(std::string(R"({"title": "t", "recurrence": "monthly")") + due)).recurrence,
            "FREQ=MONTHLY");
  EXPECT_EQ(create_ok(body(std::string(R"({"title": "t", "recurrence": "yearly")") + due)).recurrence, "FREQ=YEARLY");
}

TEST(TaskRecurrence, RuleIsStoredInCanonicalForm) {
  const Task t = create_ok(
      body(R"({"title": "t", "due_date": "2026-12-01T09:00:00Z", "recurrence": "RRULE:freq=weekly;interval=1;byday=MO"})"));
  EXPECT_EQ(t.recurrence, "FREQ=WEEKLY;BYDAY=MO");
}

TEST(TaskRecurrence, RecurringTaskNeedsDueDate) {
  const auto err = create_error(body(R"({"title": "t", "recurrence": "daily"})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"due_date"});
  EXPECT_EQ(problem_of(*err, "due_date"), "is required for a recurring task");
}

TEST(TaskRecurrence, UnsupportedRulesAreRejected) {
  for (const char* rule : {"FREQ=HOURLY", "hourly", "", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z",
                           "FREQ=WEEKLY;BYDAY=XX"}) {
    json::object b{{"title", "t"}, {"due_date", "2026-12-01T09:00:00Z"}, {"recurrence", rule}};
    expect_create_rejected(b, {"recurrence"});
  }
  expect_create_rejected(body(R"({"title": "t", "due_date": "2026-12-01T09:00:00Z", "recurrence": 1})"),
                         {"recurrence"});
}

TEST(TaskRecurrence, NullMeansNotRecurring) {
  EXPECT_FALSE(create_ok(body(R"({"title": "t", "recurrence": null})")).recurrence.has_value());
}

// ---------------------------------------------------------------- timezone

TEST(TaskTimezone, IanaZonesAccepted) {
  EXPECT_EQ(create_ok(body(R"({"title": "t", "timezone": "Europe/Berlin"})")).timezone, "Europe/Berlin");
  EXPECT_EQ(create_ok(body(R"({"title": "t", "timezone": "America/New_York"})")).timezone, "America/New_York");
  EXPECT_EQ(create_ok(body(R"({"title": "t", "timezone": "UTC"})")).timezone, "UTC");
}

TEST(TaskTimezone, UnknownZonesRejected) {
  for (const char* text :
       {R"({"title": "t", "timezone": "Mars/Olympus_Mons"})", R"({"title": "t", "timezone": ""})",
        R"({"title": "t", "timezone": "../../etc/passwd"})", R"({"title": "t", "timezone": "/etc/localtime"})",
        R"({"title": "t", "timezone": 1})", R"({"title": "t", "timezone": ["UTC"]})"}) {
    expect_create_rejected(body(text), {"timezone"});
  }
}

TEST(TaskTimezone, NullMeansUtc) {
  EXPECT_EQ(create_ok(body(R"({"title": "t", "timezone": null})")).timezone, "UTC");
}

// ---------------------------------------------------------------- unknown / read-only

TEST(TaskFields, UnknownFieldsAreRejected) {
  const auto err = create_error(body(R"({"title": "t", "colour": "red", "Title": "x"})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code(), ErrorCode::ValidationFailed);
  EXPECT_EQ(sorted_fields(*err), sorted({"colour", "Title"}));
  EXPECT_EQ(problem_of(*err, "colour"), "is not a known field");
}

TEST(TaskFields, EveryReadOnlyFieldIsRejected) {
  for (const char* field : {"id", "user_id", "status", "completed", "reminder_sent", "parent_task_id", "created_at",
                            "updated_at", "completed_at", "version", "deleted_at"}) {
    json::object b{{"title", "t"}};
    b[field] = nullptr;
    expect_create_rejected(b, {field});
    const auto err = create_error(b);
    ASSERT_TRUE(err.has_value());
    EXPECT_EQ(problem_of(*err, field).rfind("is read-only", 0), 0u) << field << ": " << problem_of(*err, field);
  }
}

TEST(TaskFields, CompletedPointsToTheCompleteRoute) {
  const auto err = create_error(body(R"({"title": "t", "completed": true})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(problem_of(*err, "completed").find("/complete"), std::string::npos);
}

TEST(TaskFields, EveryBrokenFieldIsListedAtOnce) {
  const auto err = create_error(body(R"({
    "title": "", "description": 5, "priority": "urgent", "tags": ["ok", "not ok"],
    "due_date": "soon", "reminder_at": 7, "recurrence": "FREQ=SECONDLY", "recurrence_end": "x",
    "timezone": "Nowhere/Land", "id": "abc", "version": 3, "colour": "red"})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code(), ErrorCode::ValidationFailed);
  EXPECT_EQ(sorted_fields(*err), sorted({"title", "description", "priority", "tags[1]", "due_date", "reminder_at",
                                         "recurrence", "recurrence_end", "timezone", "id", "version", "colour"}));
  // The message is the first problem, in body order.
  EXPECT_STREQ(err->what(), "title must not be empty");
}

TEST(TaskFields, MissingTitleIsListedWithTheOtherProblems) {
  const auto err = create_error(body(R"({"priority": "urgent", "tags": "x"})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), sorted({"priority", "tags", "title"}));
}

// Cross-field rules (reminder_at after due_date, recurrence without due_date)
// are only checked once every single field parsed, so a create body with a bad
// title AND a reminder after its due date reports only the title: DESIGN §3.1
// says `details` lists every broken field.
TEST(TaskFields, CrossFieldProblemsAreListedWithFieldProblems) {
  const auto err = create_error(body(R"({"title": "", "priority": "urgent",
    "due_date": "2026-12-01T09:00:00Z", "reminder_at": "2026-12-01T10:00:00Z"})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), sorted({"title", "priority", "reminder_at"}));

  const auto err2 = create_error(body(R"({"title": "", "recurrence": "daily"})"));
  ASSERT_TRUE(err2.has_value());
  EXPECT_EQ(sorted_fields(*err2), sorted({"title", "due_date"}));
}

// ---------------------------------------------------------------- patch

TEST(TaskPatchParse, EmptyBodyChangesNothing) {
  const TaskPatch p = parse_task_patch(body("{}"));
  EXPECT_FALSE(p.title || p.description || p.priority || p.tags || p.due_date || p.reminder_at || p.recurrence ||
               p.recurrence_end || p.timezone);
}

TEST(TaskPatchParse, TitleIsOptionalButValidatedWhenPresent) {
  EXPECT_FALSE(patch_error(body(R"({"priority": "low"})")).has_value());
  const auto err = patch_error(body(R"({"title": "  "})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"title"});
  const auto err2 = patch_error(body(R"({"title": null})"));
  ASSERT_TRUE(err2.has_value());
  EXPECT_EQ(sorted_fields(*err2), std::vector<std::string>{"title"});
}

TEST(TaskPatchParse, NullMeansClearForOptionalFields) {
  const TaskPatch p = parse_task_patch(
      body(R"({"due_date": null, "reminder_at": null, "recurrence": null, "recurrence_end": null, "description": null,
               "tags": null, "timezone": null})"));
  ASSERT_TRUE(p.due_date.has_value());
  EXPECT_FALSE(p.due_date->has_value());
  ASSERT_TRUE(p.reminder_at.has_value());
  EXPECT_FALSE(p.reminder_at->has_value());
  ASSERT_TRUE(p.recurrence.has_value());
  EXPECT_FALSE(p.recurrence->has_value());
  ASSERT_TRUE(p.recurrence_end.has_value());
  EXPECT_FALSE(p.recurrence_end->has_value());
  EXPECT_EQ(p.description, "");
  ASSERT_TRUE(p.tags.has_value());
  EXPECT_TRUE(p.tags->empty());
  EXPECT_EQ(p.timezone, "UTC");
}

TEST(TaskPatchParse, ReadOnlyAndUnknownFieldsAreRejected) {
  const auto err = patch_error(body(R"({"status": "completed", "version": 4, "owner": "me", "title": "ok"})"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code(), ErrorCode::ValidationFailed);
  EXPECT_EQ(sorted_fields(*err), sorted({"status", "version", "owner"}));
}

TEST(TaskPatchParse, BodyMustBeAnObject) {
  const auto err = patch_error(body("[1]"));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"body"});
}

Task existing_task() {
  Task t;
  t.id = "6f1f3f5e-0000-4000-8000-000000000001";
  t.user_id = "user-1";
  t.title = "Old title";
  t.description = "old";
  t.priority = Priority::Low;
  t.tags = {"a", "b"};
  t.due_date = at("2026-12-01T09:00:00Z");
  t.reminder_at = at("2026-12-01T08:00:00Z");
  t.reminder_sent = true;
  return t;
}

TEST(TaskApplyPatch, UnchangedValuesProduceNoChanges) {
  Task t = existing_task();
  const auto changes = apply_patch(
      t, parse_task_patch(body(R"({"title": " Old title ", "priority": "low", "tags": ["A", "b", "a"],
                                   "due_date": "2026-12-01T10:00:00+01:00", "reminder_at": "2026-12-01T08:00:00Z"})")));
  EXPECT_TRUE(changes.empty());
  EXPECT_TRUE(t.reminder_sent);  // the reminder did not move
}

TEST(TaskApplyPatch, ChangesRecordFromAndTo) {
  Task t = existing_task();
  const auto changes = apply_patch(t, parse_task_patch(body(R"({"title": "New title", "priority": "high",
                                                                "tags": ["c"], "description": null})")));
  EXPECT_EQ(t.title, "New title");
  EXPECT_EQ(t.priority, Priority::High);
  EXPECT_EQ(t.tags, std::vector<std::string>{"c"});
  EXPECT_EQ(t.description, "");
  const auto o = changes_to_json(changes);
  EXPECT_EQ(o.size(), 4u);
  EXPECT_EQ(json::value(o), json::parse(R"({
      "title": {"from": "Old title", "to": "New title"},
      "priority": {"from": "low", "to": "high"},
      "tags": {"from": ["a", "b"], "to": ["c"]},
      "description": {"from": "old", "to": ""}})"));
}

TEST(TaskApplyPatch, NullClearsDueDateAndRecordsNull) {
  Task t = existing_task();
  t.reminder_at.reset();
  const auto changes = apply_patch(t, parse_task_patch(body(R"({"due_date": null})")));
  EXPECT_FALSE(t.due_date.has_value());
  EXPECT_EQ(json::value(changes_to_json(changes)),
            json::parse(R"({"due_date": {"from": "2026-12-01T09:00:00.000Z", "to": null}})"));
}

TEST(TaskApplyPatch, MovingTheReminderReArmsIt) {
  Task t = existing_task();
  ASSERT_TRUE(t.reminder_sent);
  const auto changes = apply_patch(t, parse_task_patch(body(R"({"reminder_at": "2026-12-01T08:30:00Z"})")));
  EXPECT_EQ(t.reminder_at, at("2026-12-01T08:30:00Z"));
  EXPECT_FALSE(t.reminder_sent);
  EXPECT_EQ(json::value(changes_to_json(changes)), json::parse(R"({
      "reminder_at": {"from": "2026-12-01T08:00:00.000Z", "to": "2026-12-01T08:30:00.000Z"},
      "reminder_sent": {"from": true, "to": false}})"));
}

TEST(TaskApplyPatch, ClearingTheReminderResetsReminderSent) {
  Task t = existing_task();
  const auto changes = apply_patch(t, parse_task_patch(body(R"({"reminder_at": null})")));
  EXPECT_FALSE(t.reminder_at.has_value());
  EXPECT_FALSE(t.reminder_sent);
  const auto o = changes_to_json(changes);
  EXPECT_TRUE(o.contains("reminder_at"));
  EXPECT_TRUE(o.contains("reminder_sent"));
}

TEST(TaskApplyPatch, MovingAnUnsentReminderRecordsNoReminderSentChange) {
  Task t = existing_task();
  t.reminder_sent = false;
  const auto changes = apply_patch(t, parse_task_patch(body(R"({"reminder_at": "2026-12-01T07:00:00Z"})")));
  const auto o = changes_to_json(changes);
  EXPECT_TRUE(o.contains("reminder_at"));
  EXPECT_FALSE(o.contains("reminder_sent"));
  EXPECT_FALSE(t.reminder_sent);
}

TEST(TaskApplyPatch, ChangingOnlyTheDueDateKeepsReminderSent) {
  Task t = existing_task();
  (void)apply_patch(t, parse_task_patch(body(R"({"due_date": "2026-12-02T09:00:00Z"})")));
  EXPECT_TRUE(t.reminder_sent);
}

TEST(TaskApplyPatch, ReminderAfterExistingDueDateIsRejected) {
  Task t = existing_task();
  const auto err = apply_error(t, parse_task_patch(body(R"({"reminder_at": "2026-12-01T09:00:00.001Z"})")));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code(), ErrorCode::ValidationFailed);
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"reminder_at"});
}

TEST(TaskApplyPatch, DueDateMovedBeforeExistingReminderIsRejected) {
  Task t = existing_task();
  const auto err = apply_error(t, parse_task_patch(body(R"({"due_date": "2026-12-01T07:59:59.999Z"})")));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"reminder_at"});
}

TEST(TaskApplyPatch, ClearingDueDateOfRecurringTaskIsRejected) {
  Task t = existing_task();
  t.recurrence = "FREQ=DAILY";
  const auto err = apply_error(t, parse_task_patch(body(R"({"due_date": null})")));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"due_date"});
}

TEST(TaskApplyPatch, MakingATaskWithoutDueDateRecurringIsRejected) {
  Task t = existing_task();
  t.due_date.reset();
  t.reminder_at.reset();
  const auto err = apply_error(t, parse_task_patch(body(R"({"recurrence": "weekly"})")));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"due_date"});
  // ...but setting both at once is fine.
  Task t2 = existing_task();
  t2.due_date.reset();
  t2.reminder_at.reset();
  const auto changes =
      apply_patch(t2, parse_task_patch(body(R"({"recurrence": "weekly", "due_date": "2026-12-07T09:00:00Z"})")));
  EXPECT_EQ(t2.recurrence, "FREQ=WEEKLY");
  EXPECT_EQ(changes.size(), 2u);
}

TEST(TaskApplyPatch, TimezoneAndRecurrenceEndChangesAreRecorded) {
  Task t = existing_task();
  const auto changes = apply_patch(
      t, parse_task_patch(body(R"({"timezone": "Europe/Berlin", "recurrence_end": "2027-01-01T00:00:00Z"})")));
  const auto o = changes_to_json(changes);
  EXPECT_EQ(json::value(o), json::parse(R"({
      "recurrence_end": {"from": null, "to": "2027-01-01T00:00:00.000Z"},
      "timezone": {"from": "UTC", "to": "Europe/Berlin"}})"));
}

// ---------------------------------------------------------------- task JSON

TEST(TaskJson, ResourceHasEveryDesignField) {
  Task t = existing_task();
  t.created_at = at("2026-11-24T10:00:00Z");
  t.updated_at = at("2026-11-24T10:00:00.5Z");
  t.version = 3;
  const auto o = to_json(t);
  for (const char* f : {"id", "user_id", "title", "description", "priority", "tags", "status", "completed", "due_date",
                        "reminder_at", "reminder_sent", "recurrence", "recurrence_end", "timezone", "parent_task_id",
                        "project_id", "created_at", "updated_at", "completed_at", "version", "deleted_at"})
    EXPECT_TRUE(o.contains(f)) << f;
  EXPECT_EQ(o.size(), 21u);
  EXPECT_TRUE(o.at("project_id").is_null());  // the inbox
  EXPECT_TRUE(o.at("deleted_at").is_null());  // not in the trash
  EXPECT_EQ(o.at("status"), "pending");
  EXPECT_EQ(o.at("completed"), false);
  EXPECT_EQ(o.at("priority"), "low");
  EXPECT_EQ(o.at("due_date"), "2026-12-01T09:00:00.000Z");
  EXPECT_EQ(o.at("updated_at"), "2026-11-24T10:00:00.500Z");
  EXPECT_TRUE(o.at("recurrence").is_null());
  EXPECT_TRUE(o.at("completed_at").is_null());
  EXPECT_EQ(o.at("version"), 3);
}

TEST(TaskJson, StatusAndCompletedAgree) {
  Task t = existing_task();
  t.completed = true;
  const auto o = to_json(t);
  EXPECT_EQ(o.at("status"), "completed");
  EXPECT_EQ(o.at("completed"), true);
}

TEST(TaskJson, RoundTripThroughJson) {
  Task t = existing_task();
  t.recurrence = "FREQ=DAILY";
  t.timezone = "Europe/Berlin";
  t.parent_task_id = "parent";
  t.created_at = at("2026-11-24T10:00:00Z");
  t.updated_at = at("2026-11-24T11:00:00Z");
  t.completed = true;
  t.completed_at = at("2026-11-24T11:00:00Z");
  t.version = 7;
  t.project_id = "8d0c7a8e-6f3b-4c1e-9a55-1f6d2b7c9e01";
  t.deleted_at = at("2026-11-25T08:00:00Z");
  const Task back = task_from_json(to_json(t));
  EXPECT_EQ(to_json(back), to_json(t));
}

// Events written before projects and the trash existed carry neither field.
TEST(TaskJson, FromJsonOfAnOlderEventHasNoProjectAndIsNotTrashed) {
  Task t = existing_task();
  auto o = to_json(t);
  o.erase("project_id");
  o.erase("deleted_at");
  const Task back = task_from_json(o);
  EXPECT_FALSE(back.project_id.has_value());
  EXPECT_FALSE(back.deleted_at.has_value());
}

// ---------------------------------------------------------------- project_id (DESIGN §3.8)

TEST(TaskProject, AUuidOrNullForTheInbox) {
  const std::string project = "8d0c7a8e-6f3b-4c1e-9a55-1f6d2b7c9e01";
  EXPECT_EQ(make_task(json::object{{"title", "t"}, {"project_id", project}}).project_id, project);
  EXPECT_FALSE(make_task(json::object{{"title", "t"}, {"project_id", nullptr}}).project_id.has_value());
  EXPECT_FALSE(make_task(json::object{{"title", "t"}}).project_id.has_value());
  for (const json::value& bad : {json::value("inbox"), json::value(7), json::value("8D0C7A8E-6F3B-4C1E-9A55-1F6D2B7C9E01"),
                                json::value(json::array{project})}) {
    const auto err = create_error(json::object{{"title", "t"}, {"project_id", bad}});
    ASSERT_TRUE(err.has_value()) << json::serialize(bad);
    EXPECT_EQ(sorted_fields(*err), std::vector<std::string>{"project_id"});
  }
}

TEST(TaskProject, MovingIsAChangeAndTheInboxIsNull) {
  const std::string project = "8d0c7a8e-6f3b-4c1e-9a55-1f6d2b7c9e01";
  Task t = existing_task();
  auto changes = apply_patch(t, parse_task_patch(json::object{{"project_id", project}}));
  EXPECT_EQ(t.project_id, project);
  EXPECT_EQ(json::value(changes_to_json(changes)),
            (json::value{{"project_id", json::object{{"from", nullptr}, {"to", project}}}}));
  EXPECT_TRUE(apply_patch(t, parse_task_patch(json::object{{"project_id", project}})).empty());  // no change
  changes = apply_patch(t, parse_task_patch(json::object{{"project_id", nullptr}}));
  EXPECT_FALSE(t.project_id.has_value());
  EXPECT_EQ(json::value(changes_to_json(changes)),
            (json::value{{"project_id", json::object{{"from", project}, {"to", nullptr}}}}));
}

TEST(TaskJson, FromJsonRejectsMissingRequiredFields) {
  Task t = existing_task();
  t.created_at = at("2026-11-24T10:00:00Z");
  t.updated_at = t.created_at;
  for (const char* f : {"id", "user_id", "title", "completed", "created_at", "updated_at"}) {
    auto o = to_json(t);
    o.erase(f);
    EXPECT_THROW((void)task_from_json(o), std::invalid_argument) << f;
  }
  auto bad = to_json(t);
  bad["due_date"] = "not a time";
  EXPECT_THROW((void)task_from_json(bad), std::invalid_argument);
}

TEST(TaskOverdue, OnlyPendingTasksPastTheirDueDate) {
  Task t = existing_task();
  EXPECT_TRUE(t.overdue(at("2026-12-01T09:00:00.001Z")));
  EXPECT_FALSE(t.overdue(at("2026-12-01T09:00:00Z")));
  t.completed = true;
  EXPECT_FALSE(t.overdue(at("2027-01-01T00:00:00Z")));
  Task no_due;
  EXPECT_FALSE(no_due.overdue(at("2027-01-01T00:00:00Z")));
}

}  // namespace
}  // namespace todo::core
