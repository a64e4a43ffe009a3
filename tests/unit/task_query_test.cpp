// List query parameters of GET /api/{user_id}/tasks and the page cursors (DESIGN §3.3).
#include "core/task_query.h"

#include <gtest/gtest.h>

#include "core/utf8.h"

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "core/base64.h"
#include "core/error.h"
#include "core/page_cursor.h"

namespace todo::core {
namespace {

namespace json = boost::json;

constexpr const char* kId = "0b6f3a52-6c8e-4d51-9d0c-3c1f5f2d8e11";  // a task id

Instant at(const char* text) {
  const auto t = parse_rfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Instant{});
}

std::string describe(const QueryParams& params) {
  std::string s;
  for (const auto& [k, v] : params) s += (s.empty() ? "" : "&") + k + "=" + v;
  return s;
}

// The BadRequest message for `params`, or "" when they parsed.
std::string rejection(const QueryParams& params) {
  try {
    (void)parse_task_query(params);
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadRequest) << describe(params);
    return e.what();
  }
  return "";
}

// Asserts that `params` are rejected with a message that starts with the parameter's name.
void expect_rejected(const QueryParams& params, const std::string& parameter) {
  const std::string message = rejection(params);
  ASSERT_FALSE(message.empty()) << describe(params) << " was accepted";
  EXPECT_NE(message.find(parameter), std::string::npos) << describe(params) << ": " << message;
}

// Found by the cursor fuzzer: the quoted name was cut inside a character,
// and the error body was not valid UTF-8.
TEST(TaskQueryParse, AnUnknownLongNameIsQuotedWithoutCuttingACharacter) {
  std::string name;
  for (int i = 0; i < 40; ++i) name += "a\xC3\xA9";  // "aé" x 40: 120 bytes
  const auto message = rejection({{name, "1"}});
  ASSERT_FALSE(message.empty());
  EXPECT_TRUE(utf8::is_valid(message)) << message;
  EXPECT_NE(message.find("unknown query parameter"), std::string::npos);
  EXPECT_LT(message.size(), 120u);
}

TEST(TaskQueryParse, Defaults) {
  const TaskQuery q = parse_task_query({});
  EXPECT_EQ(q.status, TaskQuery::Status::All);
  EXPECT_TRUE(q.priorities.empty());
  EXPECT_TRUE(q.tags.empty());
  EXPECT_FALSE(q.q.has_value());
  EXPECT_FALSE(q.due_before.has_value());
  EXPECT_FALSE(q.due_after.has_value());
  EXPECT_FALSE(q.overdue.has_value());
  EXPECT_EQ(q.sort, TaskSort::CreatedAt);
  EXPECT_TRUE(q.descending);
  EXPECT_EQ(q.limit, 50);
  EXPECT_FALSE(q.after.has_value());
}

TEST(TaskQueryParse, Status) {
  EXPECT_EQ(parse_task_query({{"status", "pending"}}).status, TaskQuery::Status::Pending);
  EXPECT_EQ(parse_task_query({{"status", "completed"}}).status, TaskQuery::Status::Completed);
  EXPECT_EQ(parse_task_query({{"status", "all"}}).status, TaskQuery::Status::All);
  EXPECT_EQ(parse_task_query({{"status", "deleted"}}).status, TaskQuery::Status::Deleted);  // the trash
  expect_rejected({{"status", "trash"}}, "status");
  expect_rejected({{"status", "done"}}, "status");
  expect_rejected({{"status", ""}}, "status");
  expect_rejected({{"status", "Pending"}}, "status");
}

TEST(TaskQueryParse, ProjectIsAnIdOrTheInbox) {
  EXPECT_FALSE(parse_task_query({}).project.has_value());
  const auto inbox = parse_task_query({{"project", "inbox"}}).project;
  ASSERT_TRUE(inbox.has_value());
  EXPECT_FALSE(inbox->id.has_value());
  const std::string id = "8d0c7a8e-6f3b-4c1e-9a55-1f6d2b7c9e01";
  EXPECT_EQ(parse_task_query({{"project", id}}).project->id, id);
  expect_rejected({{"project", "Inbox"}}, "project");
  expect_rejected({{"project", ""}}, "project");
  expect_rejected({{"project", "home"}}, "project");
  expect_rejected({{"project", "8D0C7A8E-6F3B-4C1E-9A55-1F6D2B7C9E01"}}, "project");
  expect_rejected({{"project", id}, {"project", "inbox"}}, "project");
}

TEST(TaskQueryParse, PriorityCommaListAndRepeats) {
  EXPECT_EQ(parse_task_query({{"priority", "high"}}).priorities, std::vector<Priority>{Priority::High});
  EXPECT_EQ(parse_task_query({{"priority", "high,low"}}).priorities,
            (std::vector<Priority>{Priority::High, Priority::Low}));
  EXPECT_EQ(parse_task_query({{"priority", " high , medium "}}).priorities,
            (std::vector<Priority>{Priority::High, Priority::Medium}));
  EXPECT_EQ(parse_task_query({{"priority", "low"}, {"priority", "high"}}).priorities,
            (std::vector<Priority>{Priority::Low, Priority::High}));
}

TEST(TaskQueryParse, PriorityRejectsUnknownAndEmptyParts) {
  expect_rejected({{"priority", "urgent"}}, "priority");
  expect_rejected({{"priority", ""}}, "priority");
  expect_rejected({{"priority", "high,"}}, "priority");
  expect_rejected({{"priority", ",high"}}, "priority");
  expect_rejected({{"priority", "high,,low"}}, "priority");
  expect_rejected({{"priority", "high;low"}}, "priority");
}

TEST(TaskQueryParse, TagsAreRepeatableAndNormalised) {
  EXPECT_EQ(parse_task_query({{"tag", "Home"}, {"tag", " bills "}}).tags, (std::vector<std::string>{"home", "bills"}));
  EXPECT_EQ(parse_task_query({{"tag", std::string(32, 'a')}}).tags, std::vector<std::string>{std::string(32, 'a')});
  expect_rejected({{"tag", std::string(33, 'a')}}, "tag");
  expect_rejected({{"tag", ""}}, "tag");
  expect_rejected({{"tag", "two words"}}, "tag");
  expect_rejected({{"tag", "ok"}, {"tag", "n\xc3\xb6"}}, "tag");
}

TEST(TaskQueryParse, SearchText) {
  EXPECT_EQ(parse_task_query({{"q", "  rent  "}}).q, "rent");
  EXPECT_FALSE(parse_task_query({{"q", "   "}}).q.has_value());
  EXPECT_FALSE(parse_task_query({{"q", ""}}).q.has_value());
  EXPECT_EQ(parse_task_query({{"q", std::string(200, 'x')}}).q, std::string(200, 'x'));
  std::string kanji200;
  for (int i = 0; i < 200; ++i) kanji200 += "\u65e5";
  EXPECT_EQ(parse_task_query({{"q", kanji200}}).q, kanji200);  // 600 bytes, 200 characters
  expect_rejected({{"q", std::string(201, 'x')}}, "q ");
}

TEST(TaskQueryParse, DueBounds) {
  const TaskQuery q = parse_task_query({{"due_before", "2026-12-01T00:00:00Z"}, {"due_after", "2026-11-01T01:00:00+01:00"}});
  EXPECT_EQ(q.due_before, at("2026-12-01T00:00:00Z"));
  EXPECT_EQ(q.due_after, at("2026-11-01T00:00:00Z"));
  expect_rejected({{"due_before", "tomorrow"}}, "due_before");
  expect_rejected({{"due_after", "2026-11-01"}}, "due_after");
  expect_rejected({{"due_after", ""}}, "due_after");
}

TEST(TaskQueryParse, Overdue) {
  EXPECT_EQ(parse_task_query({{"overdue", "true"}}).overdue, true);
  EXPECT_EQ(parse_task_query({{"overdue", "false"}}).overdue, false);
  expect_rejected({{"overdue", "yes"}}, "overdue");
  expect_rejected({{"overdue", "1"}}, "overdue");
  expect_rejected({{"overdue", ""}}, "overdue");
}

TEST(TaskQueryParse, SortAndOrder) {
  EXPECT_EQ(parse_task_query({{"sort", "created_at"}}).sort, TaskSort::CreatedAt);
  EXPECT_EQ(parse_task_query({{"sort", "updated_at"}}).sort, TaskSort::UpdatedAt);
  EXPECT_EQ(parse_task_query({{"sort", "due_date"}}).sort, TaskSort::DueDate);
  EXPECT_EQ(parse_task_query({{"sort", "priority"}}).sort, TaskSort::Priority);
  EXPECT_EQ(parse_task_query({{"sort", "title"}}).sort, TaskSort::Title);
  EXPECT_FALSE(parse_task_query({{"order", "asc"}}).descending);
  EXPECT_TRUE(parse_task_query({{"order", "desc"}}).descending);
  expect_rejected({{"sort", "id"}}, "sort");
  expect_rejected({{"sort", "title desc"}}, "sort");
  expect_rejected({{"order", "ascending"}}, "order");
  expect_rejected({{"order", "ASC"}}, "order");
}

TEST(TaskQueryParse, LimitBounds) {
  EXPECT_EQ(parse_task_query({{"limit", "1"}}).limit, 1);
  EXPECT_EQ(parse_task_query({{"limit", "200"}}).limit, 200);
  EXPECT_EQ(parse_task_query({{"limit", "73"}}).limit, 73);
  for (const char* bad : {"0", "201", "-1", "abc", "", "5x", " 5", "5 ", "+5", "1.5", "99999999999999999999"})
    expect_rejected({{"limit", bad}}, "limit");
}

TEST(TaskQueryParse, UnknownParameterIsNamed) {
  const std::string message = rejection({{"colour", "red"}});
  EXPECT_NE(message.find("colour"), std::string::npos) << message;
  expect_rejected({{"status", "all"}, {"Status", "all"}}, "Status");  // names are case-sensitive
}

TEST(TaskQueryParse, SingleValuedParametersMustNotRepeat) {
  for (const char* name : {"status", "q", "due_before", "due_after", "overdue", "sort", "order", "limit", "cursor"}) {
    const std::string value = std::string(name) == "due_before" || std::string(name) == "due_after"
                                  ? "2026-01-01T00:00:00Z"
                              : std::string(name) == "overdue" ? "true"
                              : std::string(name) == "sort"    ? "title"
                              : std::string(name) == "order"   ? "asc"
                              : std::string(name) == "limit"   ? "5"
                              : std::string(name) == "status"  ? "all"
                                                               : "x";
    expect_rejected({{name, value}, {name, value}}, name);
  }
}

TEST(TaskQueryParse, EveryParameterAtOnce) {
  const std::string cursor = encode_cursor(cursor_scope(TaskSort::DueDate, false), PageCursor{json::value(nullptr), kId});
  const TaskQuery q = parse_task_query({{"status", "pending"},
                                        {"priority", "high"},
                                        {"tag", "home"},
                                        {"tag", "bills"},
                                        {"q", "rent"},
                                        {"due_before", "2026-12-31T00:00:00Z"},
                                        {"due_after", "2026-12-01T00:00:00Z"},
                                        {"overdue", "false"},
                                        {"sort", "due_date"},
                                        {"order", "asc"},
                                        {"limit", "10"},
                                        {"cursor", cursor}});
  EXPECT_EQ(q.status, TaskQuery::Status::Pending);
  EXPECT_EQ(q.tags.size(), 2u);
  EXPECT_EQ(q.sort, TaskSort::DueDate);
  EXPECT_FALSE(q.descending);
  EXPECT_EQ(q.limit, 10);
  ASSERT_TRUE(q.after.has_value());
  EXPECT_TRUE(q.after->key.is_null());
  EXPECT_EQ(q.after->id, kId);
}

// ---------------------------------------------------------------- cursors

TEST(CursorScope, NamesSortAndOrder) {
  EXPECT_EQ(cursor_scope(TaskSort::CreatedAt, true), "tasks:created_at:desc");
  EXPECT_EQ(cursor_scope(TaskSort::DueDate, false), "tasks:due_date:asc");
  EXPECT_NE(cursor_scope(TaskSort::Title, true), cursor_scope(TaskSort::Title, false));
  EXPECT_NE(cursor_scope(TaskSort::Title, true), cursor_scope(TaskSort::Priority, true));
  EXPECT_EQ(to_string(TaskSort::UpdatedAt), "updated_at");
  EXPECT_EQ(to_string(TaskSort::Priority), "priority");
  EXPECT_EQ(to_string(TaskSort::Title), "title");
}

TEST(PageCursor, RoundTripsEveryKeyKind) {
  for (const json::value& key : {json::value(nullptr), json::value(1795514400000LL), json::value(-3),
                                 json::value("Pay rent \u65e5"), json::value("")}) {
    const std::string text = encode_cursor("tasks:title:asc", PageCursor{key, "task-42"});
    EXPECT_EQ(text.find_first_of("+/= "), std::string::npos) << text;  // URL-safe as is
    const auto back = decode_cursor(text, "tasks:title:asc");
    ASSERT_TRUE(back.has_value()) << json::serialize(key);
    EXPECT_EQ(back->key, key);
    EXPECT_EQ(back->id, "task-42");
  }
}

TEST(PageCursor, BoundToItsScope) {
  const std::string text = encode_cursor("tasks:title:asc", PageCursor{json::value("a"), "id"});
  EXPECT_FALSE(decode_cursor(text, "tasks:title:desc").has_value());
  EXPECT_FALSE(decode_cursor(text, "tasks:created_at:asc").has_value());
  EXPECT_FALSE(decode_cursor(text, "notifications").has_value());
  EXPECT_FALSE(decode_cursor(text, "").has_value());
}

TEST(PageCursor, RejectsGarbage) {
  const std::string scope = "s";
  EXPECT_FALSE(decode_cursor("", scope).has_value());
  EXPECT_FALSE(decode_cursor("not a cursor", scope).has_value());
  EXPECT_FALSE(decode_cursor("%%%", scope).has_value());
  EXPECT_FALSE(decode_cursor(base64url_encode("[1,2]"), scope).has_value());
  EXPECT_FALSE(decode_cursor(base64url_encode("{\"s\":\"s\""), scope).has_value());  // truncated JSON
  EXPECT_FALSE(decode_cursor(base64url_encode(R"({"s":"s","k":1})"), scope).has_value());          // no id
  EXPECT_FALSE(decode_cursor(base64url_encode(R"({"s":"s","i":"x"})"), scope).has_value());        // no key
  EXPECT_FALSE(decode_cursor(base64url_encode(R"({"k":1,"i":"x"})"), scope).has_value());          // no scope
  EXPECT_FALSE(decode_cursor(base64url_encode(R"({"s":"s","k":1,"i":7})"), scope).has_value());    // id not string
  EXPECT_FALSE(decode_cursor(base64url_encode(R"({"s":1,"k":1,"i":"x"})"), scope).has_value());    // scope not string
  EXPECT_FALSE(decode_cursor(base64url_encode(R"({"s":"s","k":[1],"i":"x"})"), scope).has_value()); // key kind
  EXPECT_FALSE(decode_cursor(base64url_encode(R"({"s":"s","k":1.5,"i":"x"})"), scope).has_value());
  EXPECT_FALSE(decode_cursor(base64url_encode(R"({"s":"s","k":true,"i":"x"})"), scope).has_value());
  EXPECT_TRUE(decode_cursor(base64url_encode(R"({"s":"s","k":1,"i":"x"})"), scope).has_value());
}

TEST(PageCursor, RejectsOversizedText) {
  // A well-formed cursor whose text is longer than 1024 characters.
  const std::string text = encode_cursor("s", PageCursor{json::value(std::string(800, 'k')), "id"});
  ASSERT_GT(text.size(), 1024u);
  EXPECT_FALSE(decode_cursor(text, "s").has_value());
}

TEST(TaskQueryCursor, CursorMustMatchSortAndOrder) {
  const std::string desc_cursor =
      encode_cursor(cursor_scope(TaskSort::CreatedAt, true), PageCursor{json::value("2026-11-25T10:00:00.000Z"), kId});
  // The default list is created_at desc: the cursor fits.
  EXPECT_TRUE(parse_task_query({{"cursor", desc_cursor}}).after.has_value());
  EXPECT_TRUE(parse_task_query({{"sort", "created_at"}, {"order", "desc"}, {"cursor", desc_cursor}}).after.has_value());
  // Reused with another order or sort: 400 naming the cursor.
  expect_rejected({{"order", "asc"}, {"cursor", desc_cursor}}, "cursor");
  expect_rejected({{"sort", "title"}, {"cursor", desc_cursor}}, "cursor");
  // The scope is taken from the final sort/order whatever the parameter order.
  expect_rejected({{"cursor", desc_cursor}, {"order", "asc"}}, "cursor");
  // Another list's cursor.
  expect_rejected({{"cursor", encode_cursor("notifications", PageCursor{json::value(5), "x"})}}, "cursor");
  expect_rejected({{"cursor", "garbage!"}}, "cursor");
  expect_rejected({{"cursor", ""}}, "cursor");
}

// A cursor is not signed: one whose parts do not fit its sort is refused
// before it reaches the database (it used to end in a 500).
TEST(TaskQueryCursor, TamperedCursorsAreRefused) {
  auto cursor = [](TaskSort sort, json::value key, std::string id = kId) {
    return encode_cursor(cursor_scope(sort, true), PageCursor{std::move(key), std::move(id)});
  };
  auto accepted = [](std::string_view sort, const std::string& c) {
    return parse_task_query({{"sort", std::string(sort)}, {"cursor", c}}).after.has_value();
  };
  auto refused = [](std::string_view sort, const std::string& c) {
    expect_rejected({{"sort", std::string(sort)}, {"cursor", c}}, "cursor");
  };
  // Well-formed ones, one per sort.
  EXPECT_TRUE(accepted("created_at", cursor(TaskSort::CreatedAt, "2026-11-25T10:00:00.000Z")));
  EXPECT_TRUE(accepted("updated_at", cursor(TaskSort::UpdatedAt, "2026-11-25T10:00:00.000Z")));
  EXPECT_TRUE(accepted("due_date", cursor(TaskSort::DueDate, nullptr)));
  EXPECT_TRUE(accepted("due_date", cursor(TaskSort::DueDate, "2026-11-25T10:00:00.000Z")));
  EXPECT_TRUE(accepted("priority", cursor(TaskSort::Priority, 3)));
  EXPECT_TRUE(accepted("title", cursor(TaskSort::Title, "pay rent")));
  // The id must be a task id.
  refused("created_at", cursor(TaskSort::CreatedAt, "2026-11-25T10:00:00.000Z", "x"));
  refused("title", cursor(TaskSort::Title, "a", "'; DROP TABLE tasks; --"));
  // The key must be of the sort's kind.
  refused("due_date", cursor(TaskSort::DueDate, 5));
  refused("due_date", cursor(TaskSort::DueDate, "not a date"));
  refused("priority", cursor(TaskSort::Priority, "high"));
  refused("priority", cursor(TaskSort::Priority, 32768));
  refused("priority", cursor(TaskSort::Priority, 0));
  refused("created_at", cursor(TaskSort::CreatedAt, nullptr));
  refused("updated_at", cursor(TaskSort::UpdatedAt, 17));
  refused("title", cursor(TaskSort::Title, 1));
}

TEST(LimitParam, DefaultAndMaximumAreTheCallers) {
  EXPECT_EQ(limit_param({}, 20, 100), 20);
  EXPECT_EQ(limit_param({{"limit", "100"}}, 20, 100), 100);
  try {
    (void)limit_param({{"limit", "101"}}, 20, 100);
    ADD_FAILURE() << "limit 101 accepted";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadRequest);
    EXPECT_STREQ(e.what(), "limit must be an integer from 1 to 100");
  }
}

TEST(CheckParams, KnownRepeatableAndFind) {
  EXPECT_NO_THROW(check_params({{"a", "1"}, {"b", "2"}, {"b", "3"}}, {"a", "b"}, {"b"}));
  EXPECT_THROW(check_params({{"a", "1"}, {"a", "2"}}, {"a", "b"}, {"b"}), ApiError);
  EXPECT_THROW(check_params({{"c", "1"}}, {"a", "b"}), ApiError);
  const QueryParams params{{"a", "1"}, {"b", "2"}, {"b", "3"}};
  ASSERT_NE(find_param(params, "b"), nullptr);
  EXPECT_EQ(*find_param(params, "b"), "2");
  EXPECT_EQ(find_param(params, "z"), nullptr);
}

TEST(CheckParams, LongUnknownNameIsTruncatedInTheMessage) {
  const std::string name(1000, 'n');
  try {
    check_params({{name, "1"}}, {"a"});
    ADD_FAILURE() << "unknown parameter accepted";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadRequest);
    EXPECT_LT(std::string(e.what()).size(), 200u);
  }
}

}  // namespace
}  // namespace todo::core
