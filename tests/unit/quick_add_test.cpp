#include "core/quick_add.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/recurrence.h"
#include "core/rrule.h"

namespace todo::core {
namespace {

// Wednesday 18 November 2026, 10:00 in Berlin (CET, UTC+1): end of a local
// day is 22:59:59Z.
constexpr std::string_view kWed = "2026-11-18T09:00:00Z";
constexpr std::string_view kBerlin = "Europe/Berlin";
const std::vector<std::string> kProjects{"Home", "Work", "Home Renovation", "Q4 Planning"};

Instant at(std::string_view text) {
  const auto t = parse_rfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Instant{});
}

QuickAddContext context(std::string_view now = kWed, std::string_view tz = kBerlin) {
  QuickAddContext ctx;
  ctx.now = at(now);
  ctx.timezone = std::string(tz);
  ctx.project_names = kProjects;
  return ctx;
}

struct Row {
  std::string text;
  std::string title;
  std::string_view due = "";  // UTC; "" = none
  bool all_day = false;
  std::string_view recurrence = "";
  std::string_view priority = "";
  std::vector<std::string> tags = {};
  std::string_view project = "";
  std::string_view reminder = "";
  std::string_view now = kWed;
  std::string_view tz = kBerlin;
};

std::string text_of(const std::optional<Instant>& t) { return t ? format_rfc3339(*t) : std::string(); }

void check(const Row& row) {
  SCOPED_TRACE(::testing::Message() << "text \"" << row.text << "\" at " << row.now << " in " << row.tz);
  QuickAddResult r;
  try {
    r = parse_quick_add(row.text, context(row.now, row.tz));
  } catch (const ApiError& e) {
    ADD_FAILURE() << "unexpected error: " << e.what();
    return;
  }
  EXPECT_EQ(r.title, row.title);
  EXPECT_EQ(text_of(r.due_date), row.due);
  EXPECT_EQ(r.all_day, row.all_day);
  EXPECT_EQ(r.recurrence.value_or(""), row.recurrence);
  EXPECT_EQ(r.priority ? std::string(to_string(*r.priority)) : std::string(), row.priority);
  EXPECT_EQ(r.tags, row.tags);
  EXPECT_EQ(r.project.value_or(""), row.project);
  EXPECT_EQ(text_of(r.reminder_at), row.reminder);
  if (r.recurrence) {
    // Canonical: what parse_rrule/to_string make of it is itself.
    const auto rule = parse_rrule(*r.recurrence);
    ASSERT_TRUE(rule.has_value());
    EXPECT_EQ(rule->to_string(), *r.recurrence);
  }
}

// ------------------------------------------------------------------ the table

const std::vector<Row>& rows() {
  static const std::vector<Row> kRows{
      // Dates (Wednesday 10:00 Berlin).
      {.text = "Buy milk tomorrow", .title = "Buy milk", .due = "2026-11-19T22:59:59.000Z", .all_day = true},
      {.text = "Buy milk today", .title = "Buy milk", .due = "2026-11-18T22:59:59.000Z", .all_day = true},
      {.text = "TOMORROW buy milk", .title = "buy milk", .due = "2026-11-19T22:59:59.000Z", .all_day = true},
      {.text = "Gym monday", .title = "Gym", .due = "2026-11-23T22:59:59.000Z", .all_day = true},
      {.text = "Gym Mon 7am", .title = "Gym", .due = "2026-11-23T06:00:00.000Z"},
      {.text = "Gym wednesday", .title = "Gym", .due = "2026-11-18T22:59:59.000Z", .all_day = true},
      {.text = "Gym wednesday 9am", .title = "Gym", .due = "2026-11-25T08:00:00.000Z"},
      {.text = "Gym wed at 11:00", .title = "Gym", .due = "2026-11-18T10:00:00.000Z"},
      {.text = "Gym next wednesday", .title = "Gym", .due = "2026-11-25T22:59:59.000Z", .all_day = true},
      {.text = "Gym next friday", .title = "Gym", .due = "2026-11-20T22:59:59.000Z", .all_day = true},
      {.text = "Plan next week", .title = "Plan", .due = "2026-11-23T22:59:59.000Z", .all_day = true},
      {.text = "Gym thurs", .title = "Gym", .due = "2026-11-19T22:59:59.000Z", .all_day = true},
      {.text = "Party dec 24", .title = "Party", .due = "2026-12-24T22:59:59.000Z", .all_day = true},
      {.text = "Party 24 Dec", .title = "Party", .due = "2026-12-24T22:59:59.000Z", .all_day = true},
      {.text = "Party december 24th", .title = "Party", .due = "2026-12-24T22:59:59.000Z", .all_day = true},
      {.text = "Party 24th of december", .title = "Party", .due = "2026-12-24T22:59:59.000Z", .all_day = true},
      {.text = "Party 24/12", .title = "Party", .due = "2026-12-24T22:59:59.000Z", .all_day = true},
      {.text = "Party 24/12/2027", .title = "Party", .due = "2027-12-24T22:59:59.000Z", .all_day = true},
      {.text = "Party 2027-12-24", .title = "Party", .due = "2027-12-24T22:59:59.000Z", .all_day = true},
      {.text = "Party dec 24 2027", .title = "Party", .due = "2027-12-24T22:59:59.000Z", .all_day = true},
      {.text = "Party dec 24 18:00", .title = "Party", .due = "2026-12-24T17:00:00.000Z"},
      {.text = "Renew nov 1", .title = "Renew", .due = "2027-11-01T22:59:59.000Z", .all_day = true},
      {.text = "Renew nov 18", .title = "Renew", .due = "2026-11-18T22:59:59.000Z", .all_day = true},
      {.text = "Renew nov 18 9am", .title = "Renew", .due = "2027-11-18T08:00:00.000Z"},
      {.text = "Renew 18/11 11am", .title = "Renew", .due = "2026-11-18T10:00:00.000Z"},
      {.text = "Past 1/1/2020", .title = "Past", .due = "2020-01-01T22:59:59.000Z", .all_day = true},
      {.text = "Ship in 3 days", .title = "Ship", .due = "2026-11-21T22:59:59.000Z", .all_day = true},
      {.text = "Ship in 2 weeks", .title = "Ship", .due = "2026-12-02T22:59:59.000Z", .all_day = true},
      {.text = "Ship in a week", .title = "Ship", .due = "2026-11-25T22:59:59.000Z", .all_day = true},
      {.text = "Ship in 3d", .title = "Ship", .due = "2026-11-21T22:59:59.000Z", .all_day = true},
      {.text = "Ship in 1 month", .title = "Ship", .due = "2026-12-18T22:59:59.000Z", .all_day = true},
      {.text = "Ship in 2 years", .title = "Ship", .due = "2028-11-18T22:59:59.000Z", .all_day = true},
      {.text = "Ship in 3 days at 5pm", .title = "Ship", .due = "2026-11-21T16:00:00.000Z"},
      // Times.
      {.text = "Call in 2 hours", .title = "Call", .due = "2026-11-18T11:00:00.000Z"},
      {.text = "Call in 30 min", .title = "Call", .due = "2026-11-18T09:30:00.000Z"},
      {.text = "Call in an hour", .title = "Call", .due = "2026-11-18T10:00:00.000Z"},
      {.text = "Call in 90m", .title = "Call", .due = "2026-11-18T10:30:00.000Z"},
      {.text = "Call in 2 hours",
       .title = "Call",
       .due = "2026-11-18T11:00:00.000Z",
       .now = "2026-11-18T09:00:42.500Z"},  // seconds dropped
      {.text = "Call mom at 18:30", .title = "Call mom", .due = "2026-11-18T17:30:00.000Z"},
      {.text = "Call mom at 9am", .title = "Call mom", .due = "2026-11-19T08:00:00.000Z"},
      {.text = "Standup 10:00", .title = "Standup", .due = "2026-11-19T09:00:00.000Z"},  // not ahead: now
      {.text = "Standup 10:01", .title = "Standup", .due = "2026-11-18T09:01:00.000Z"},
      {.text = "Call mom tomorrow 5pm", .title = "Call mom", .due = "2026-11-19T16:00:00.000Z"},
      {.text = "Call mom 5 PM tomorrow", .title = "Call mom", .due = "2026-11-19T16:00:00.000Z"},
      {.text = "Call mom tomorrow 5:30pm", .title = "Call mom", .due = "2026-11-19T16:30:00.000Z"},
      {.text = "Dinner tomorrow at the Ritz at 7pm", .title = "Dinner at the Ritz", .due = "2026-11-19T18:00:00.000Z"},
      {.text = "Lunch noon", .title = "Lunch", .due = "2026-11-18T11:00:00.000Z"},
      {.text = "Backup midnight", .title = "Backup", .due = "2026-11-18T23:00:00.000Z"},
      {.text = "Backup at 12am", .title = "Backup", .due = "2026-11-18T23:00:00.000Z"},
      {.text = "Lunch 12pm", .title = "Lunch", .due = "2026-11-18T11:00:00.000Z"},
      {.text = "Snack 12:30am", .title = "Snack", .due = "2026-11-18T23:30:00.000Z"},
      {.text = "Movie tonight", .title = "Movie", .due = "2026-11-18T19:00:00.000Z"},
      {.text = "Movie tonight 9pm", .title = "Movie", .due = "2026-11-18T20:00:00.000Z"},
      {.text = "Movie tonight",
       .title = "Movie",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .now = "2026-11-18T20:30:00Z"},  // 21:30: tonight is the rest of today
      {.text = "Standup today 9am", .title = "Standup", .due = "2026-11-18T08:00:00.000Z"},  // explicit: overdue
      // Not times or dates: they stay.
      {.text = "Call at 5", .title = "Call at 5"},
      {.text = "Meet at the office", .title = "Meet at the office"},
      {.text = "Odd 13pm 0am 24:00 9:5 7:60", .title = "Odd 13pm 0am 24:00 9:5 7:60"},
      {.text = "Order 12/24 parts", .title = "Order 12/24 parts"},
      {.text = "Nope 31/04 and 2027-02-29 and feb 29 2027", .title = "Nope 31/04 and 2027-02-29 and feb 29 2027"},
      {.text = "Travel tomorrowland", .title = "Travel tomorrowland"},
      {.text = "Buy 1/2 cup flour",  // a hazard, documented: 1/2 is 1 February
       .title = "Buy cup flour",
       .due = "2027-02-01T22:59:59.000Z",
       .all_day = true},
      // Priority.
      {.text = "Pay rent p1", .title = "Pay rent", .priority = "high"},
      {.text = "Pay rent P2", .title = "Pay rent", .priority = "medium"},
      {.text = "p3 Pay rent", .title = "Pay rent", .priority = "low"},
      {.text = "Pay rent p4", .title = "Pay rent p4"},
      {.text = "Pay rent p1 p2", .title = "Pay rent p2", .priority = "high"},
      {.text = "Fix p10 bug", .title = "Fix p10 bug"},
      // Tags.
      {.text = "Buy milk @Home @errands @home", .title = "Buy milk", .tags = {"home", "errands"}},
      {.text = "Buy milk @café @a.b @ @", .title = "Buy milk @café @a.b @ @"},
      {.text = "Email bob@example.com", .title = "Email bob@example.com"},
      {.text = "Buy milk @home, then @work!", .title = "Buy milk, then!", .tags = {"home", "work"}},
      {.text = "Tag @" + std::string(33, 'a'), .title = "Tag @" + std::string(33, 'a')},
      // Projects.
      {.text = "Fix sink #Home", .title = "Fix sink", .project = "Home"},
      {.text = "Fix sink #home renovation", .title = "Fix sink", .project = "Home Renovation"},
      {.text = "Fix sink #home improvement", .title = "Fix sink improvement", .project = "Home"},
      {.text = "Fix sink #garden", .title = "Fix sink #garden"},
      {.text = "#work #home report", .title = "#home report", .project = "Work"},
      {.text = "Draft #q4 planning.", .title = "Draft.", .project = "Q4 Planning"},
      // Recurrence.
      {.text = "Standup every day at 9am",
       .title = "Standup",
       .due = "2026-11-19T08:00:00.000Z",
       .recurrence = "FREQ=DAILY"},
      {.text = "Water plants daily",
       .title = "Water plants",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=DAILY"},
      {.text = "Report every weekday",
       .title = "Report",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
      {.text = "Hike every weekend",
       .title = "Hike",
       .due = "2026-11-21T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=WEEKLY;BYDAY=SA,SU"},
      {.text = "Gym every monday",
       .title = "Gym",
       .due = "2026-11-23T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=WEEKLY;BYDAY=MO"},
      {.text = "Gym every mon, fri",
       .title = "Gym",
       .due = "2026-11-20T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=WEEKLY;BYDAY=MO,FR"},
      {.text = "Gym every fri,mon 7pm",
       .title = "Gym",
       .due = "2026-11-20T18:00:00.000Z",
       .recurrence = "FREQ=WEEKLY;BYDAY=MO,FR"},
      {.text = "Gym every tuesday and thursday at 6:30",
       .title = "Gym",
       .due = "2026-11-19T05:30:00.000Z",
       .recurrence = "FREQ=WEEKLY;BYDAY=TU,TH"},
      {.text = "Gym every mon, then rest",
       .title = "Gym, then rest",
       .due = "2026-11-23T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=WEEKLY;BYDAY=MO"},
      {.text = "Sync every 2 weeks",
       .title = "Sync",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=WEEKLY;INTERVAL=2"},
      {.text = "Sync every other monday 9am",
       .title = "Sync",
       .due = "2026-11-23T08:00:00.000Z",
       .recurrence = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"},
      {.text = "Sync every 2 weeks on friday",
       .title = "Sync",
       .due = "2026-11-20T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"},
      {.text = "Clean weekly",
       .title = "Clean",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=WEEKLY"},
      {.text = "Clean every week",
       .title = "Clean",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=WEEKLY"},
      {.text = "Rent every month on the 1st",
       .title = "Rent",
       .due = "2026-12-01T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=MONTHLY;BYMONTHDAY=1"},
      {.text = "Rent every 1st",
       .title = "Rent",
       .due = "2026-12-01T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=MONTHLY;BYMONTHDAY=1"},
      {.text = "Rent monthly",
       .title = "Rent",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=MONTHLY"},
      {.text = "Invoice every month on the 31st",
       .title = "Invoice",
       .due = "2026-12-31T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=MONTHLY;BYMONTHDAY=31"},
      {.text = "Invoice every last day",
       .title = "Invoice",
       .due = "2026-11-30T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=MONTHLY;BYMONTHDAY=-1"},
      {.text = "Review every last friday",
       .title = "Review",
       .due = "2026-11-27T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=MONTHLY;BYDAY=-1FR"},
      {.text = "Review every first monday",
       .title = "Review",
       .due = "2026-12-07T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=MONTHLY;BYDAY=1MO"},
      {.text = "Review every 3 months on the 2nd tue",
       .title = "Review",
       .due = "2026-12-08T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"},
      {.text = "Taxes every year",
       .title = "Taxes",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=YEARLY"},
      {.text = "Taxes yearly",
       .title = "Taxes",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=YEARLY"},
      {.text = "Birthday every dec 24",
       .title = "Birthday",
       .due = "2026-12-24T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=YEARLY;BYMONTHDAY=24;BYMONTH=12"},
      {.text = "Course every day dec 1",
       .title = "Course",
       .due = "2026-12-01T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=DAILY"},
      {.text = "Course every 3 days",
       .title = "Course",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=DAILY;INTERVAL=3"},
      {.text = "Smile every time", .title = "Smile every time"},
      {.text = "Pills daily every monday",
       .title = "Pills every monday",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=DAILY"},
      // Reminders.
      {.text = "Meeting tomorrow 3pm remind me 30m before",
       .title = "Meeting",
       .due = "2026-11-19T14:00:00.000Z",
       .reminder = "2026-11-19T13:30:00.000Z"},
      {.text = "Meeting tomorrow 3pm remind 2 hours before",
       .title = "Meeting",
       .due = "2026-11-19T14:00:00.000Z",
       .reminder = "2026-11-19T12:00:00.000Z"},
      {.text = "remind me 1h before: meeting tomorrow 3pm",
       .title = "meeting",
       .due = "2026-11-19T14:00:00.000Z",
       .reminder = "2026-11-19T13:00:00.000Z"},
      {.text = "Meeting tomorrow remind me at 9am",
       .title = "Meeting",
       .due = "2026-11-19T22:59:59.000Z",
       .all_day = true,
       .reminder = "2026-11-19T08:00:00.000Z"},
      {.text = "Meeting remind 9am", .title = "Meeting", .reminder = "2026-11-19T08:00:00.000Z"},
      {.text = "Meeting remind 11am", .title = "Meeting", .reminder = "2026-11-18T10:00:00.000Z"},
      {.text = "Meeting remind me in 30 minutes", .title = "Meeting", .reminder = "2026-11-18T09:30:00.000Z"},
      {.text = "Meeting remind me to call", .title = "Meeting remind me to call"},
      {.text = "Meeting tomorrow remind me at 9am remind 10am",
       .title = "Meeting remind 10am",
       .due = "2026-11-19T22:59:59.000Z",
       .all_day = true,
       .reminder = "2026-11-19T08:00:00.000Z"},
      // Two of a kind: the first wins, the second stays whole.
      {.text = "tomorrow tomorrow", .title = "tomorrow", .due = "2026-11-19T22:59:59.000Z", .all_day = true},
      {.text = "Call today or tomorrow 5pm",
       .title = "Call or tomorrow 5pm",
       .due = "2026-11-18T22:59:59.000Z",
       .all_day = true},
      {.text = "Call 5pm or 6pm friday", .title = "Call or 6pm friday", .due = "2026-11-18T16:00:00.000Z"},
      {.text = "Call #work #home", .title = "Call #home", .project = "Work"},
      // Punctuation and white space.
      {.text = "Buy milk tomorrow.", .title = "Buy milk.", .due = "2026-11-19T22:59:59.000Z", .all_day = true},
      {.text = "Tomorrow, call mom", .title = "call mom", .due = "2026-11-19T22:59:59.000Z", .all_day = true},
      {.text = "Call mom tomorrow, then email",
       .title = "Call mom, then email",
       .due = "2026-11-19T22:59:59.000Z",
       .all_day = true},
      {.text = "Call mom tomorrow,", .title = "Call mom", .due = "2026-11-19T22:59:59.000Z", .all_day = true},
      {.text = "  Buy \t milk\n\ntomorrow  ", .title = "Buy milk", .due = "2026-11-19T22:59:59.000Z", .all_day = true},
      {.text = "tomorrow, 5pm: call", .title = "call", .due = "2026-11-19T16:00:00.000Z"},
      // Hostile input.
      {.text = "!!!", .title = "!!!"},
      {.text = ",,, ;;", .title = ",,, ;;"},
      {.text = "😀 party tomorrow 🎉", .title = "😀 party 🎉", .due = "2026-11-19T22:59:59.000Z", .all_day = true},
      {.text = "Café crème demain à 17h", .title = "Café crème demain à 17h"},
      {.text = "x" + std::string(900, 'a') + " p1", .title = "x" + std::string(900, 'a'), .priority = "high"},
      {.text = "p1 p1 p1 @a @a @a x", .title = "p1 p1 x", .priority = "high", .tags = {"a"}},
      {.text = "every every day", .title = "every", .due = "2026-11-18T22:59:59.000Z", .all_day = true,
       .recurrence = "FREQ=DAILY"},
      {.text = "in in 2 days", .title = "in", .due = "2026-11-20T22:59:59.000Z", .all_day = true},
      {.text = "Ship in 1000 days", .title = "Ship in 1000 days"},
      {.text = "Sync every 1001 days", .title = "Sync every 1001 days"},
      {.text = "Tab\u00a0tomorrow", .title = "Tab\u00a0tomorrow"},  // no-break space does not split words
  };
  return kRows;
}

TEST(QuickAddTable, EveryPhrase) {
  for (const Row& row : rows()) check(row);
  EXPECT_GE(rows().size(), 60u);
}

// Monday 16 November 2026 at 08:00 and at 20:00 Berlin.
TEST(QuickAddTable, MondayMorningAndEvening) {
  const std::string_view morning = "2026-11-16T07:00:00Z";
  const std::string_view evening = "2026-11-16T19:00:00Z";
  const std::vector<Row> table{
      {.text = "Gym monday", .title = "Gym", .due = "2026-11-16T22:59:59.000Z", .all_day = true, .now = morning},
      {.text = "Gym next monday", .title = "Gym", .due = "2026-11-23T22:59:59.000Z", .all_day = true, .now = morning},
      {.text = "Gym monday 9am", .title = "Gym", .due = "2026-11-16T08:00:00.000Z", .now = morning},
      {.text = "Gym next monday 9am", .title = "Gym", .due = "2026-11-23T08:00:00.000Z", .now = morning},
      {.text = "Gym monday", .title = "Gym", .due = "2026-11-16T22:59:59.000Z", .all_day = true, .now = evening},
      {.text = "Gym next monday", .title = "Gym", .due = "2026-11-23T22:59:59.000Z", .all_day = true, .now = evening},
      {.text = "Gym monday 9am", .title = "Gym", .due = "2026-11-23T08:00:00.000Z", .now = evening},
      {.text = "Gym every monday at 9am",
       .title = "Gym",
       .due = "2026-11-23T08:00:00.000Z",
       .recurrence = "FREQ=WEEKLY;BYDAY=MO",
       .now = evening},
      {.text = "Gym every monday at 9am",
       .title = "Gym",
       .due = "2026-11-16T08:00:00.000Z",
       .recurrence = "FREQ=WEEKLY;BYDAY=MO",
       .now = morning},
      // Sunday: next monday is tomorrow.
      {.text = "Gym next monday",
       .title = "Gym",
       .due = "2026-11-16T22:59:59.000Z",
       .all_day = true,
       .now = "2026-11-15T12:00:00Z"},
  };
  for (const Row& row : table) check(row);
}

TEST(QuickAddTable, YearRollover) {
  const std::string_view eve = "2026-12-31T20:00:00Z";  // Thursday 21:00 CET
  const std::vector<Row> table{
      {.text = "Party dec 31", .title = "Party", .due = "2026-12-31T22:59:59.000Z", .all_day = true, .now = eve},
      {.text = "Party dec 31 8pm", .title = "Party", .due = "2027-12-31T19:00:00.000Z", .now = eve},
      {.text = "Party dec 31 11pm", .title = "Party", .due = "2026-12-31T22:00:00.000Z", .now = eve},
      {.text = "Brunch jan 1", .title = "Brunch", .due = "2027-01-01T22:59:59.000Z", .all_day = true, .now = eve},
      {.text = "Brunch tomorrow", .title = "Brunch", .due = "2027-01-01T22:59:59.000Z", .all_day = true, .now = eve},
      {.text = "Toast 9pm", .title = "Toast", .due = "2027-01-01T20:00:00.000Z", .now = eve},
      {.text = "Toast midnight", .title = "Toast", .due = "2026-12-31T23:00:00.000Z", .now = eve},
      {.text = "Toast in 2 hours", .title = "Toast", .due = "2026-12-31T22:00:00.000Z", .now = eve},
      {.text = "Plan next week", .title = "Plan", .due = "2027-01-04T22:59:59.000Z", .all_day = true, .now = eve},
      {.text = "Review every year",
       .title = "Review",
       .due = "2026-12-31T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=YEARLY",
       .now = eve},
      {.text = "Pay every 1st",
       .title = "Pay",
       .due = "2027-01-01T22:59:59.000Z",
       .all_day = true,
       .recurrence = "FREQ=MONTHLY;BYMONTHDAY=1",
       .now = eve},
  };
  for (const Row& row : table) check(row);
}

TEST(QuickAddTable, LeapDayAndMonthEnds) {
  const std::vector<Row> table{
      {.text = "Leap feb 29", .title = "Leap", .due = "2028-02-29T23:59:59.000Z", .all_day = true,
       .now = "2026-03-01T12:00:00Z", .tz = "UTC"},
      {.text = "Leap 29/02", .title = "Leap", .due = "2028-02-29T23:59:59.000Z", .all_day = true,
       .now = "2026-03-01T12:00:00Z", .tz = "UTC"},
      {.text = "Leap 29/02/2028", .title = "Leap", .due = "2028-02-29T23:59:59.000Z", .all_day = true,
       .now = "2026-03-01T12:00:00Z", .tz = "UTC"},
      {.text = "Leap 29/02/2027", .title = "Leap 29/02/2027", .now = "2026-03-01T12:00:00Z", .tz = "UTC"},
      {.text = "Leap every feb 29", .title = "Leap", .due = "2028-02-29T23:59:59.000Z", .all_day = true,
       .recurrence = "FREQ=YEARLY;BYMONTHDAY=29;BYMONTH=2", .now = "2026-03-01T12:00:00Z", .tz = "UTC"},
      {.text = "Leap in 1 year", .title = "Leap", .due = "2029-02-28T23:59:59.000Z", .all_day = true,
       .now = "2028-02-29T12:00:00Z", .tz = "UTC"},
      {.text = "Leap every year", .title = "Leap", .due = "2028-02-29T23:59:59.000Z", .all_day = true,
       .recurrence = "FREQ=YEARLY", .now = "2028-02-29T12:00:00Z", .tz = "UTC"},
      {.text = "Close in 1 month", .title = "Close", .due = "2026-02-28T23:59:59.000Z", .all_day = true,
       .now = "2026-01-31T12:00:00Z", .tz = "UTC"},
      {.text = "Close in 1 month", .title = "Close", .due = "2028-02-29T23:59:59.000Z", .all_day = true,
       .now = "2028-01-31T12:00:00Z", .tz = "UTC"},
      {.text = "Close every month on the 31st", .title = "Close", .due = "2026-01-31T23:59:59.000Z", .all_day = true,
       .recurrence = "FREQ=MONTHLY;BYMONTHDAY=31", .now = "2026-01-31T12:00:00Z", .tz = "UTC"},
      {.text = "Close every month on the 30th", .title = "Close", .due = "2026-03-30T23:59:59.000Z", .all_day = true,
       .recurrence = "FREQ=MONTHLY;BYMONTHDAY=30", .now = "2026-02-01T12:00:00Z", .tz = "UTC"},
  };
  for (const Row& row : table) check(row);
}

// Spring forward: 29 March 2026 in Berlin (02:00 CET -> 03:00 CEST) and
// 8 March 2026 in New York (02:00 EST -> 03:00 EDT). Fall back: 25 October
// 2026 in Berlin (03:00 CEST -> 02:00 CET) and 1 November 2026 in New York
// (02:00 EDT -> 01:00 EST).
TEST(QuickAddTable, DaylightSavingChanges) {
  const std::string_view berlin_spring = "2026-03-28T12:00:00Z";  // Saturday 13:00 CET
  const std::string_view berlin_autumn = "2026-10-24T12:00:00Z";  // Saturday 14:00 CEST
  const std::string_view ny_spring = "2026-03-07T17:00:00Z";      // Saturday 12:00 EST
  const std::string_view ny_autumn = "2026-10-31T16:00:00Z";      // Saturday 12:00 EDT
  const std::string_view ny = "America/New_York";
  const std::vector<Row> table{
      // In the gap: moves forward by the gap (02:30 CET = 03:30 CEST).
      {.text = "Job tomorrow 2:30am", .title = "Job", .due = "2026-03-29T01:30:00.000Z", .now = berlin_spring},
      {.text = "Job tomorrow 3:30am", .title = "Job", .due = "2026-03-29T01:30:00.000Z", .now = berlin_spring},
      {.text = "Job tomorrow 1:30am", .title = "Job", .due = "2026-03-29T00:30:00.000Z", .now = berlin_spring},
      {.text = "Job tomorrow", .title = "Job", .due = "2026-03-29T21:59:59.000Z", .all_day = true,
       .now = berlin_spring},
      {.text = "Job sunday 2:30am remind me 1 day before", .title = "Job", .due = "2026-03-29T01:30:00.000Z",
       .reminder = "2026-03-28T01:30:00.000Z", .now = berlin_spring},
      {.text = "Job in 24 hours", .title = "Job", .due = "2026-03-29T12:00:00.000Z", .now = berlin_spring},
      // A series keeps the wall time of its first occurrence, so it does not
      // start on a day where that time does not exist.
      {.text = "Job every day at 2:30am", .title = "Job", .due = "2026-03-30T00:30:00.000Z",
       .recurrence = "FREQ=DAILY", .now = berlin_spring},
      {.text = "Job every sunday at 2:30am", .title = "Job", .due = "2026-04-05T00:30:00.000Z",
       .recurrence = "FREQ=WEEKLY;BYDAY=SU", .now = berlin_spring},
      {.text = "Job every day at 2:30am", .title = "Job", .due = "2026-10-25T00:30:00.000Z",
       .recurrence = "FREQ=DAILY", .now = berlin_autumn},
      // The repeated hour: the first, earlier instant (CEST).
      {.text = "Job tomorrow 2:30am", .title = "Job", .due = "2026-10-25T00:30:00.000Z", .now = berlin_autumn},
      {.text = "Job tomorrow", .title = "Job", .due = "2026-10-25T22:59:59.000Z", .all_day = true,
       .now = berlin_autumn},
      {.text = "Job in 24 hours", .title = "Job", .due = "2026-10-25T12:00:00.000Z", .now = berlin_autumn},
      {.text = "Job tomorrow 2:30am remind 2:45am", .title = "Job", .due = "2026-10-25T00:30:00.000Z",
       .reminder = "2026-10-25T00:45:00.000Z", .now = berlin_autumn},
      // New York.
      {.text = "Job tomorrow 2:30am", .title = "Job", .due = "2026-03-08T07:30:00.000Z", .now = ny_spring, .tz = ny},
      {.text = "Job tomorrow 2am", .title = "Job", .due = "2026-03-08T07:00:00.000Z", .now = ny_spring, .tz = ny},
      {.text = "Job tomorrow 3am", .title = "Job", .due = "2026-03-08T07:00:00.000Z", .now = ny_spring, .tz = ny},
      {.text = "Job tomorrow", .title = "Job", .due = "2026-03-09T03:59:59.000Z", .all_day = true, .now = ny_spring,
       .tz = ny},
      {.text = "Job tomorrow 1:30am", .title = "Job", .due = "2026-11-01T05:30:00.000Z", .now = ny_autumn, .tz = ny},
      {.text = "Job sunday 1:30am", .title = "Job", .due = "2026-11-01T05:30:00.000Z", .now = ny_autumn, .tz = ny},
      {.text = "Job tomorrow 2:30am", .title = "Job", .due = "2026-11-01T07:30:00.000Z", .now = ny_autumn, .tz = ny},
      {.text = "Job tomorrow", .title = "Job", .due = "2026-11-02T04:59:59.000Z", .all_day = true, .now = ny_autumn,
       .tz = ny},
      // 01:45 EDT on the day itself: today's 01:30 (EDT) has passed, the
      // time without a date is tomorrow's 01:30 EST.
      {.text = "Job 1:30am", .title = "Job", .due = "2026-11-02T06:30:00.000Z", .now = "2026-11-01T05:45:00Z",
       .tz = ny},
  };
  for (const Row& row : table) check(row);
}

// ------------------------------------------------------------------ errors

std::vector<FieldProblem> error_of(std::string_view text, const QuickAddContext& ctx = context()) {
  try {
    parse_quick_add(text, ctx);
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::ValidationFailed) << text;
    return e.details();
  }
  ADD_FAILURE() << "no error for \"" << text << "\"";
  return {};
}

TEST(QuickAddErrors, EmptyAndTooLong) {
  for (const std::string_view text : {"", "   ", "\t\n"}) {
    const auto details = error_of(text);
    ASSERT_EQ(details.size(), 1u) << text;
    EXPECT_EQ(details[0].field, "text");
    EXPECT_EQ(details[0].problem, "must not be empty");
  }
  const auto details = error_of(std::string(1001, 'a'));
  ASSERT_EQ(details.size(), 1u);
  EXPECT_EQ(details[0].field, "text");
  EXPECT_EQ(details[0].problem, "must be at most 1000 characters");
  // 1000 characters of 2 bytes each are fine (the limit counts characters).
  std::string long_text;
  for (int i = 0; i < 1000; ++i) long_text += "é";
  EXPECT_EQ(parse_quick_add(long_text, context()).title, long_text);
  EXPECT_EQ(error_of(std::string(999, 'a') + "éé").size(), 1u);
  EXPECT_EQ(error_of("bad \xff utf-8")[0].problem, "must be valid UTF-8");
}

TEST(QuickAddErrors, NothingLeftForTheTitle) {
  for (const std::string_view text :
       {"tomorrow 5pm p1", "@home #Work", "every day at 9am", "tomorrow,", "p1,", "remind me at 9am tomorrow"}) {
    const auto details = error_of(text);
    ASSERT_EQ(details.size(), 1u) << text;
    EXPECT_EQ(details[0].field, "text");
    EXPECT_EQ(details[0].problem, "leaves an empty title once the recognised phrases are removed");
  }
}

TEST(QuickAddErrors, RemindBeforeWithoutDueDate) {
  auto details = error_of("Meeting remind me 30m before");
  ASSERT_EQ(details.size(), 1u);
  EXPECT_EQ(details[0].field, "text");
  EXPECT_EQ(details[0].problem, "needs a due date for \"remind me ... before\"");
  // Both problems at once.
  details = error_of("remind me 30m before p1");
  EXPECT_EQ(details.size(), 2u);
}

TEST(QuickAddErrors, UnknownTimeZone) {
  const auto details = error_of("Buy milk", context(kWed, "Mars/Olympus"));
  ASSERT_EQ(details.size(), 1u);
  EXPECT_EQ(details[0].field, "timezone");
}

// ------------------------------------------------------------------ matches

TEST(QuickAddMatches, OffsetsAndKinds) {
  const std::string text = "Call mom tomorrow at 5pm p1 @home #Work";
  const auto r = parse_quick_add(text, context());
  const std::vector<QuickAddMatch> expected{
      {"due_date", "tomorrow at 5pm", 9, 24},
      {"priority", "p1", 25, 27},
      {"tag", "@home", 28, 33},
      {"project", "#Work", 34, 39},
  };
  EXPECT_EQ(r.matches, expected);
  for (const auto& m : r.matches) EXPECT_EQ(text.substr(m.start, m.end - m.start), m.text);
}

TEST(QuickAddMatches, SeparateDateAndTimeAndOrder) {
  const std::string text = "remind me 30m before: dinner tomorrow at the Ritz at 7pm every day";
  const auto r = parse_quick_add(text, context());
  ASSERT_EQ(r.matches.size(), 4u);
  EXPECT_EQ(r.matches[0], (QuickAddMatch{"reminder", "remind me 30m before", 0, 20}));
  EXPECT_EQ(r.matches[1], (QuickAddMatch{"due_date", "tomorrow", 29, 37}));
  EXPECT_EQ(r.matches[2], (QuickAddMatch{"due_date", "at 7pm", 50, 56}));
  EXPECT_EQ(r.matches[3], (QuickAddMatch{"recurrence", "every day", 57, 66}));
  EXPECT_EQ(r.title, "dinner at the Ritz");
  EXPECT_EQ(r.recurrence, "FREQ=DAILY");
  EXPECT_EQ(format_rfc3339(r.due_date.value()), "2026-11-19T18:00:00.000Z");
  EXPECT_EQ(format_rfc3339(r.reminder_at.value()), "2026-11-19T17:30:00.000Z");
}

TEST(QuickAddMatches, ByteOffsetsAfterMultibyteText) {
  const std::string text = "😀 party tomorrow, @fun";
  const auto r = parse_quick_add(text, context());
  ASSERT_EQ(r.matches.size(), 2u);
  EXPECT_EQ(r.matches[0], (QuickAddMatch{"due_date", "tomorrow", 11, 19}));  // the emoji is 4 bytes
  EXPECT_EQ(r.matches[1], (QuickAddMatch{"tag", "@fun", 21, 25}));
  EXPECT_EQ(r.title, "😀 party");  // the comma left at the end goes
}

TEST(QuickAddMatches, RecurrenceKeepsItsTimeAndProjectsSpanWords) {
  const std::string text = "Sync every mon, fri at 9:30 #home renovation!";
  const auto r = parse_quick_add(text, context());
  ASSERT_EQ(r.matches.size(), 2u);
  EXPECT_EQ(r.matches[0], (QuickAddMatch{"recurrence", "every mon, fri at 9:30", 5, 27}));
  EXPECT_EQ(r.matches[1], (QuickAddMatch{"project", "#home renovation", 28, 44}));
  EXPECT_EQ(r.title, "Sync!");
  EXPECT_EQ(r.project, "Home Renovation");
}

// ------------------------------------------------------------------ JSON and series

TEST(QuickAddJson, KeysOnlyWhenRecognised) {
  auto o = to_json(parse_quick_add("Buy milk", context()));
  EXPECT_EQ(boost::json::serialize(o), R"({"title":"Buy milk"})");
  o = to_json(parse_quick_add("Pay rent every month on the 1st 9am p1 @home @bills #Home remind me 1h before",
                              context()));
  EXPECT_EQ(boost::json::serialize(o),
            R"({"title":"Pay rent","due_date":"2026-12-01T08:00:00.000Z","all_day":false,)"
            R"("recurrence":"FREQ=MONTHLY;BYMONTHDAY=1","priority":"high","reminder_at":"2026-12-01T07:00:00.000Z",)"
            R"("tags":["home","bills"],"project":"Home","matches":[)"
            R"({"kind":"recurrence","text":"every month on the 1st 9am","start":9,"end":35},)"
            R"({"kind":"priority","text":"p1","start":36,"end":38},)"
            R"({"kind":"tag","text":"@home","start":39,"end":44},)"
            R"({"kind":"tag","text":"@bills","start":45,"end":51},)"
            R"({"kind":"project","text":"#Home","start":52,"end":57},)"
            R"({"kind":"reminder","text":"remind me 1h before","start":58,"end":77}]})");
  o = to_json(parse_quick_add("Buy milk tomorrow", context()));
  EXPECT_EQ(o.at("all_day"), true);
}

// The due date is the first occurrence of the series that core/recurrence
// continues.
TEST(QuickAddSeries, DueDateStartsTheSeries) {
  struct Case {
    std::string_view text;
    std::string_view now;
    std::string_view tz;
    std::string_view second;
  };
  const std::vector<Case> cases{
      {"Close every month on the 31st", "2026-01-31T12:00:00Z", "UTC", "2026-03-31T23:59:59.000Z"},
      {"Gym every mon, fri", kWed, kBerlin, "2026-11-23T22:59:59.000Z"},
      {"Sync every other monday 9am", kWed, kBerlin, "2026-12-07T08:00:00.000Z"},
      {"Review every last friday", kWed, kBerlin, "2026-12-25T22:59:59.000Z"},
      {"Leap every feb 29", "2026-03-01T12:00:00Z", "UTC", "2032-02-29T23:59:59.000Z"},
      {"Job every day at 2:30am", "2026-03-28T12:00:00Z", kBerlin, "2026-03-31T00:30:00.000Z"},
      {"Job every day at 2:30am", "2026-10-24T12:00:00Z", kBerlin, "2026-10-26T01:30:00.000Z"},
  };
  for (const auto& c : cases) {
    const auto r = parse_quick_add(c.text, context(c.now, c.tz));
    ASSERT_TRUE(r.recurrence && r.due_date) << c.text;
    const auto rule = parse_rrule(*r.recurrence);
    ASSERT_TRUE(rule) << c.text;
    const auto next = next_occurrence(*rule, *r.due_date, c.tz, *r.due_date);
    ASSERT_TRUE(next) << c.text;
    EXPECT_EQ(format_rfc3339(next->at), c.second) << c.text;
  }
}

}  // namespace
}  // namespace todo::core
