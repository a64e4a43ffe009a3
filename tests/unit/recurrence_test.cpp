#include "core/recurrence.h"

#include <gtest/gtest.h>

#include <chrono>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace todo::core {
namespace {

using std::chrono::milliseconds;

Instant at(const char* text) {
  const auto t = parse_rfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Instant{});
}

// "2026-01-05T09:00:00Z": the tests compare whole seconds.
std::string utc(Instant t) {
  std::string s = format_rfc3339(t);
  if (s.size() > 5 && s.compare(s.size() - 5, 5, ".000Z") == 0) s.replace(s.size() - 5, 5, "Z");
  return s;
}

RRule rule(std::string_view text) {
  RRuleError error;
  const auto r = parse_rrule(text, &error);
  EXPECT_TRUE(r.has_value()) << text << ": " << error.message;
  return r.value_or(RRule{});
}

// Follows the series from its start, asking for each occurrence after the
// previous one, and checks that the indexes run 1, 2, 3...
std::vector<std::string> walk(std::string_view text, const char* dtstart, std::string_view tz, int n,
                              std::optional<Instant> end = std::nullopt) {
  const RRule r = rule(text);
  const Instant start = at(dtstart);
  std::vector<std::string> out;
  Instant after = start - milliseconds(1);
  for (int i = 1; i <= n; ++i) {
    const auto occ = next_occurrence(r, start, tz, after, end);
    if (!occ) break;
    EXPECT_EQ(occ->index, i) << text << " at " << utc(occ->at);
    EXPECT_GT(occ->at, after);
    out.push_back(utc(occ->at));
    after = occ->at;
  }
  return out;
}

using Series = std::vector<std::string>;

TEST(Recurrence, DailyWithInterval) {
  EXPECT_EQ(walk("FREQ=DAILY", "2026-01-30T09:00:00Z", "UTC", 4),
            (Series{"2026-01-30T09:00:00Z", "2026-01-31T09:00:00Z", "2026-02-01T09:00:00Z", "2026-02-02T09:00:00Z"}));
  EXPECT_EQ(walk("FREQ=DAILY;INTERVAL=2", "2026-01-01T09:00:00Z", "UTC", 4),
            (Series{"2026-01-01T09:00:00Z", "2026-01-03T09:00:00Z", "2026-01-05T09:00:00Z", "2026-01-07T09:00:00Z"}));
}

TEST(Recurrence, WeeklyWithInterval) {
  EXPECT_EQ(walk("FREQ=WEEKLY;INTERVAL=2", "2026-01-05T09:00:00Z", "UTC", 4),
            (Series{"2026-01-05T09:00:00Z", "2026-01-19T09:00:00Z", "2026-02-02T09:00:00Z", "2026-02-16T09:00:00Z"}));
}

TEST(Recurrence, MonthlyWithInterval) {
  EXPECT_EQ(walk("FREQ=MONTHLY;INTERVAL=3", "2026-01-15T09:00:00Z", "UTC", 5),
            (Series{"2026-01-15T09:00:00Z", "2026-04-15T09:00:00Z", "2026-07-15T09:00:00Z", "2026-10-15T09:00:00Z",
                    "2027-01-15T09:00:00Z"}));
}

TEST(Recurrence, YearlyWithInterval) {
  EXPECT_EQ(walk("FREQ=YEARLY;INTERVAL=2", "2026-06-01T09:00:00Z", "UTC", 3),
            (Series{"2026-06-01T09:00:00Z", "2028-06-01T09:00:00Z", "2030-06-01T09:00:00Z"}));
}

TEST(Recurrence, WeeklyByDay) {
  EXPECT_EQ(walk("FREQ=WEEKLY;BYDAY=MO,WE,FR", "2026-01-05T09:00:00Z", "UTC", 5),
            (Series{"2026-01-05T09:00:00Z", "2026-01-07T09:00:00Z", "2026-01-09T09:00:00Z", "2026-01-12T09:00:00Z",
                    "2026-01-14T09:00:00Z"}));
  // Every other week, counted in Monday-based weeks from dtstart's week.
  EXPECT_EQ(walk("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "2026-01-05T09:00:00Z", "UTC", 5),
            (Series{"2026-01-05T09:00:00Z", "2026-01-06T09:00:00Z", "2026-01-08T09:00:00Z", "2026-01-20T09:00:00Z",
                    "2026-01-22T09:00:00Z"}));
}

TEST(Recurrence, MonthlyFirstMonday) {
  EXPECT_EQ(walk("FREQ=MONTHLY;BYDAY=1MO", "2026-01-05T09:00:00Z", "UTC", 4),
            (Series{"2026-01-05T09:00:00Z", "2026-02-02T09:00:00Z", "2026-03-02T09:00:00Z", "2026-04-06T09:00:00Z"}));
}

TEST(Recurrence, MonthlyLastFriday) {
  EXPECT_EQ(walk("FREQ=MONTHLY;BYDAY=-1FR", "2026-01-30T17:00:00Z", "UTC", 4),
            (Series{"2026-01-30T17:00:00Z", "2026-02-27T17:00:00Z", "2026-03-27T17:00:00Z", "2026-04-24T17:00:00Z"}));
}

TEST(Recurrence, MonthlyEveryWeekdayOfMonth) {
  EXPECT_EQ(walk("FREQ=MONTHLY;BYDAY=MO;BYMONTH=2", "2026-02-02T09:00:00Z", "UTC", 5),
            (Series{"2026-02-02T09:00:00Z", "2026-02-09T09:00:00Z", "2026-02-16T09:00:00Z", "2026-02-23T09:00:00Z",
                    "2027-02-01T09:00:00Z"}));
}

TEST(Recurrence, FridayThe13th) {
  // BYDAY limits BYMONTHDAY: a day must match both.
  EXPECT_EQ(walk("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "2026-02-13T09:00:00Z", "UTC", 4),
            (Series{"2026-02-13T09:00:00Z", "2026-03-13T09:00:00Z", "2026-11-13T09:00:00Z", "2027-08-13T09:00:00Z"}));
}

TEST(Recurrence, MonthDay31SkipsShortMonths) {
  const Series expected{"2026-01-31T09:00:00Z", "2026-03-31T09:00:00Z", "2026-05-31T09:00:00Z",
                        "2026-07-31T09:00:00Z", "2026-08-31T09:00:00Z", "2026-10-31T09:00:00Z",
                        "2026-12-31T09:00:00Z", "2027-01-31T09:00:00Z"};
  EXPECT_EQ(walk("FREQ=MONTHLY;BYMONTHDAY=31", "2026-01-31T09:00:00Z", "UTC", 8), expected);
  // The default day of month (dtstart's) is skipped the same way, not clamped.
  EXPECT_EQ(walk("FREQ=MONTHLY", "2026-01-31T09:00:00Z", "UTC", 8), expected);
}

TEST(Recurrence, LastDayOfMonth) {
  EXPECT_EQ(walk("FREQ=MONTHLY;BYMONTHDAY=-1", "2027-12-31T09:00:00Z", "UTC", 5),
            (Series{"2027-12-31T09:00:00Z", "2028-01-31T09:00:00Z", "2028-02-29T09:00:00Z", "2028-03-31T09:00:00Z",
                    "2028-04-30T09:00:00Z"}));
}

TEST(Recurrence, LeapDayYearly) {
  EXPECT_EQ(walk("FREQ=YEARLY", "2024-02-29T12:00:00Z", "UTC", 3),
            (Series{"2024-02-29T12:00:00Z", "2028-02-29T12:00:00Z", "2032-02-29T12:00:00Z"}));
  // 2100 is not a leap year.
  const auto occ = next_occurrence(rule("FREQ=YEARLY"), at("2024-02-29T12:00:00Z"), "UTC", at("2097-01-01T00:00:00Z"));
  ASSERT_TRUE(occ);
  EXPECT_EQ(utc(occ->at), "2104-02-29T12:00:00Z");
  EXPECT_EQ(occ->index, 20);  // 2024..2096 are 19, then 2104
}

TEST(Recurrence, YearlyByMonthAndOrdinal) {
  EXPECT_EQ(walk("FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU", "2026-03-29T10:00:00Z", "UTC", 4),
            (Series{"2026-03-29T10:00:00Z", "2026-10-25T10:00:00Z", "2027-03-28T10:00:00Z", "2027-10-31T10:00:00Z"}));
}

TEST(Recurrence, YearlyOrdinalWithoutByMonthCountsInTheYear) {
  // RFC 5545: "Monday of week number 20" example uses FREQ=YEARLY;BYDAY=20MO.
  EXPECT_EQ(walk("FREQ=YEARLY;BYDAY=20MO", "1997-05-19T13:00:00Z", "America/New_York", 3),
            (Series{"1997-05-19T13:00:00Z", "1998-05-18T13:00:00Z", "1999-05-17T13:00:00Z"}));
}

TEST(Recurrence, YearlyMonthDayWithoutByMonthCoversEveryMonth) {
  EXPECT_EQ(walk("FREQ=YEARLY;BYMONTHDAY=1", "2026-01-01T09:00:00Z", "UTC", 3),
            (Series{"2026-01-01T09:00:00Z", "2026-02-01T09:00:00Z", "2026-03-01T09:00:00Z"}));
}

TEST(Recurrence, ByMonthLimitsDailyWeeklyMonthly) {
  EXPECT_EQ(walk("FREQ=DAILY;BYMONTH=1", "2026-01-30T09:00:00Z", "UTC", 3),
            (Series{"2026-01-30T09:00:00Z", "2026-01-31T09:00:00Z", "2027-01-01T09:00:00Z"}));
  EXPECT_EQ(walk("FREQ=WEEKLY;BYMONTH=1,2", "2026-02-23T09:00:00Z", "UTC", 2),
            (Series{"2026-02-23T09:00:00Z", "2027-01-04T09:00:00Z"}));
  EXPECT_EQ(walk("FREQ=MONTHLY;BYMONTH=6,12", "2026-06-10T09:00:00Z", "UTC", 3),
            (Series{"2026-06-10T09:00:00Z", "2026-12-10T09:00:00Z", "2027-06-10T09:00:00Z"}));
}

TEST(Recurrence, ByDayAndMonthDayLimitDaily) {
  EXPECT_EQ(walk("FREQ=DAILY;BYDAY=SA,SU", "2026-01-01T09:00:00Z", "UTC", 4),
            (Series{"2026-01-01T09:00:00Z", "2026-01-03T09:00:00Z", "2026-01-04T09:00:00Z", "2026-01-10T09:00:00Z"}));
  EXPECT_EQ(walk("FREQ=DAILY;BYMONTHDAY=1,-1", "2026-01-01T09:00:00Z", "UTC", 4),
            (Series{"2026-01-01T09:00:00Z", "2026-01-31T09:00:00Z", "2026-02-01T09:00:00Z", "2026-02-28T09:00:00Z"}));
}

TEST(Recurrence, MonthDayLimitsWeekly) {
  // Mondays that are also the 1st..7th of a month: the first Monday.
  EXPECT_EQ(walk("FREQ=WEEKLY;BYDAY=MO;BYMONTHDAY=1,2,3,4,5,6,7", "2026-01-05T09:00:00Z", "UTC", 3),
            (Series{"2026-01-05T09:00:00Z", "2026-02-02T09:00:00Z", "2026-03-02T09:00:00Z"}));
}

TEST(Recurrence, CountIncludesDtstart) {
  EXPECT_EQ(walk("FREQ=DAILY;COUNT=3", "2026-01-01T09:00:00Z", "UTC", 10),
            (Series{"2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "2026-01-03T09:00:00Z"}));
  const RRule once = rule("FREQ=DAILY;COUNT=1");
  const Instant start = at("2026-01-01T09:00:00Z");
  EXPECT_EQ(next_occurrence(once, start, "UTC", start - milliseconds(1))->index, 1);
  EXPECT_FALSE(next_occurrence(once, start, "UTC", start));
}

TEST(Recurrence, CountAfterSkippingAhead) {
  const RRule r = rule("FREQ=DAILY;COUNT=10000");
  const Instant start = at("2000-01-01T00:00:00Z");
  const Instant last = at("2027-05-18T00:00:00Z");  // 2000-01-01 + 9999 days
  const auto occ = next_occurrence(r, start, "UTC", last - milliseconds(1));
  ASSERT_TRUE(occ);
  EXPECT_EQ(occ->at, last);
  EXPECT_EQ(occ->index, 10000);
  EXPECT_FALSE(next_occurrence(r, start, "UTC", last));
  EXPECT_FALSE(next_occurrence(r, start, "UTC", at("2100-01-01T00:00:00Z")));
}

TEST(Recurrence, UntilIsInclusive) {
  EXPECT_EQ(walk("FREQ=DAILY;UNTIL=20260103T090000Z", "2026-01-01T09:00:00Z", "UTC", 10),
            (Series{"2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "2026-01-03T09:00:00Z"}));
  EXPECT_EQ(walk("FREQ=DAILY;UNTIL=20260103T085959Z", "2026-01-01T09:00:00Z", "UTC", 10),
            (Series{"2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z"}));
  // A bare date reaches to the end of that day (UTC).
  EXPECT_EQ(walk("FREQ=DAILY;UNTIL=20260103", "2026-01-01T23:00:00Z", "UTC", 10),
            (Series{"2026-01-01T23:00:00Z", "2026-01-02T23:00:00Z", "2026-01-03T23:00:00Z"}));
}

TEST(Recurrence, UntilBeforeDtstartExcludesEverything) {
  const RRule r = rule("FREQ=DAILY;UNTIL=20251231T000000Z");
  const Instant start = at("2026-01-01T09:00:00Z");
  EXPECT_FALSE(next_occurrence(r, start, "UTC", start - milliseconds(1)));
}

TEST(Recurrence, EndIsAnInclusiveBound) {
  EXPECT_EQ(walk("FREQ=WEEKLY", "2026-01-05T09:00:00Z", "UTC", 10, at("2026-01-19T09:00:00Z")),
            (Series{"2026-01-05T09:00:00Z", "2026-01-12T09:00:00Z", "2026-01-19T09:00:00Z"}));
  // The earlier of UNTIL and end wins.
  EXPECT_EQ(walk("FREQ=WEEKLY;UNTIL=20260112T090000Z", "2026-01-05T09:00:00Z", "UTC", 10, at("2026-02-01T00:00:00Z")),
            (Series{"2026-01-05T09:00:00Z", "2026-01-12T09:00:00Z"}));
  EXPECT_FALSE(next_occurrence(rule("FREQ=DAILY"), at("2026-01-05T09:00:00Z"), "UTC", at("2026-01-10T00:00:00Z"),
                               at("2026-01-10T00:00:00Z")));
}

TEST(Recurrence, BerlinWeeklyKeepsLocalTimeAcrossDst) {
  const std::string_view text = "FREQ=WEEKLY";
  // Monday 09:00 CET = 08:00Z; summer time starts Sunday 2026-03-29.
  EXPECT_EQ(walk(text, "2026-03-16T08:00:00Z", "Europe/Berlin", 3),
            (Series{"2026-03-16T08:00:00Z", "2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z"}));
  // Summer time ends Sunday 2026-10-25.
  const RRule r = rule(text);
  const Instant start = at("2026-03-16T08:00:00Z");
  const auto oct19 = next_occurrence(r, start, "Europe/Berlin", at("2026-10-12T07:00:00Z"));
  ASSERT_TRUE(oct19);
  EXPECT_EQ(utc(oct19->at), "2026-10-19T07:00:00Z");
  EXPECT_EQ(oct19->index, 32);
  const auto oct26 = next_occurrence(r, start, "Europe/Berlin", oct19->at);
  ASSERT_TRUE(oct26);
  EXPECT_EQ(utc(oct26->at), "2026-10-26T08:00:00Z");
  EXPECT_EQ(oct26->index, 33);
}

TEST(Recurrence, NewYorkWeeklyKeepsLocalTimeAcrossDst) {
  // Monday 09:00 EST = 14:00Z; DST from Sunday 2026-03-08 to Sunday 2026-11-01.
  EXPECT_EQ(walk("FREQ=WEEKLY", "2026-03-02T14:00:00Z", "America/New_York", 2),
            (Series{"2026-03-02T14:00:00Z", "2026-03-09T13:00:00Z"}));
  const RRule r = rule("FREQ=WEEKLY");
  const Instant start = at("2026-03-02T14:00:00Z");
  const auto oct26 = next_occurrence(r, start, "America/New_York", at("2026-10-20T00:00:00Z"));
  ASSERT_TRUE(oct26);
  EXPECT_EQ(utc(oct26->at), "2026-10-26T13:00:00Z");
  EXPECT_EQ(oct26->index, 35);
  const auto nov2 = next_occurrence(r, start, "America/New_York", oct26->at);
  ASSERT_TRUE(nov2);
  EXPECT_EQ(utc(nov2->at), "2026-11-02T14:00:00Z");
  EXPECT_EQ(nov2->index, 36);
}

TEST(Recurrence, WallTimeInSpringForwardGapMovesForward) {
  // 02:30 does not exist in Berlin on 2026-03-29; it becomes 03:30 CEST.
  EXPECT_EQ(walk("FREQ=DAILY", "2026-03-27T01:30:00Z", "Europe/Berlin", 4),
            (Series{"2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"}));
  EXPECT_EQ(walk("FREQ=DAILY", "2026-03-07T07:30:00Z", "America/New_York", 3),  // 02:30 EST
            (Series{"2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"}));
}

TEST(Recurrence, AmbiguousWallTimeTakesFirstInstant) {
  // 02:30 happens twice in Berlin on 2026-10-25 (CEST, then CET); the first wins.
  const RRule r = rule("FREQ=DAILY");
  const Instant start = at("2026-10-23T00:30:00Z");  // 02:30 CEST
  const auto oct25 = next_occurrence(r, start, "Europe/Berlin", at("2026-10-24T00:30:00Z"));
  ASSERT_TRUE(oct25);
  EXPECT_EQ(utc(oct25->at), "2026-10-25T00:30:00Z");
  EXPECT_EQ(oct25->index, 3);
  const auto oct26 = next_occurrence(r, start, "Europe/Berlin", oct25->at);
  ASSERT_TRUE(oct26);
  EXPECT_EQ(utc(oct26->at), "2026-10-26T01:30:00Z");
  EXPECT_EQ(oct26->index, 4);
  // A series starting at the second 02:30 continues at 02:30 CET.
  EXPECT_EQ(walk("FREQ=DAILY", "2026-10-25T01:30:00Z", "Europe/Berlin", 2),
            (Series{"2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z"}));
}

TEST(Recurrence, SkipsMissedOccurrences) {
  const RRule r = rule("FREQ=WEEKLY;BYDAY=MO");
  const Instant start = at("2026-01-05T09:00:00Z");
  const auto occ = next_occurrence(r, start, "UTC", at("2026-02-20T00:00:00Z"));
  ASSERT_TRUE(occ);
  EXPECT_EQ(utc(occ->at), "2026-02-23T09:00:00Z");
  EXPECT_EQ(occ->index, 8);
  // Strictly after: asking from an occurrence gives the following one.
  const auto next = next_occurrence(r, start, "UTC", occ->at);
  ASSERT_TRUE(next);
  EXPECT_EQ(utc(next->at), "2026-03-02T09:00:00Z");
  EXPECT_EQ(next->index, 9);
}

TEST(Recurrence, DtstartNotMatchingRuleIsStillFirst) {
  // Wednesday dtstart, Monday rule.
  EXPECT_EQ(walk("FREQ=WEEKLY;BYDAY=MO;COUNT=3", "2026-01-07T09:00:00Z", "UTC", 10),
            (Series{"2026-01-07T09:00:00Z", "2026-01-12T09:00:00Z", "2026-01-19T09:00:00Z"}));
  EXPECT_EQ(walk("FREQ=MONTHLY;BYMONTHDAY=15", "2026-01-20T09:00:00Z", "UTC", 3),
            (Series{"2026-01-20T09:00:00Z", "2026-02-15T09:00:00Z", "2026-03-15T09:00:00Z"}));
}

TEST(Recurrence, DtstartInTheFutureIsReturned) {
  const auto occ = next_occurrence(rule("FREQ=WEEKLY;BYDAY=MO"), at("2030-01-02T09:00:00Z"), "Europe/Berlin",
                                   at("2026-01-01T00:00:00Z"));
  ASSERT_TRUE(occ);
  EXPECT_EQ(utc(occ->at), "2030-01-02T09:00:00Z");
  EXPECT_EQ(occ->index, 1);
}

TEST(Recurrence, KeepsMillisecondsOfDtstart) {
  EXPECT_EQ(walk("FREQ=DAILY", "2026-01-01T09:00:00.250Z", "Europe/Berlin", 2).back(), "2026-01-02T09:00:00.250Z");
}

TEST(Recurrence, RulesThatNeverMatchEnd) {
  const Instant start = at("2026-01-01T09:00:00Z");
  for (const char* text : {"FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31",
                           "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=31",
                           "FREQ=MONTHLY;BYDAY=6MO", "FREQ=DAILY;INTERVAL=7;BYDAY=FR"}) {
    EXPECT_FALSE(next_occurrence(rule(text), start, "UTC", start)) << text;
    EXPECT_FALSE(next_occurrence(rule(text), start, "UTC", at("2900-01-01T00:00:00Z"))) << text;
  }
}

TEST(Recurrence, FarFutureDailyIndexIsExact) {
  using namespace std::chrono;
  const RRule r = rule("FREQ=DAILY");
  const Instant start = at("2000-01-01T06:00:00Z");
  const auto occ = next_occurrence(r, start, "Europe/Berlin", at("3000-01-01T12:00:00Z"));
  ASSERT_TRUE(occ);
  EXPECT_EQ(utc(occ->at), "3000-01-02T06:00:00Z");
  const auto days_between = (sys_days{year{3000} / 1 / 2} - sys_days{year{2000} / 1 / 1}).count();
  EXPECT_EQ(occ->index, days_between + 1);

  const RRule mondays = rule("FREQ=DAILY;BYDAY=MO");  // 2000-01-03 is a Monday
  const auto monday = next_occurrence(mondays, start, "UTC", at("3000-01-01T12:00:00Z"));
  ASSERT_TRUE(monday);
  const auto first_monday = sys_days{year{2000} / 1 / 3};
  const auto target = floor<days>(monday->at);
  EXPECT_EQ(weekday{target}, Monday);
  EXPECT_EQ(monday->index, 1 + (target - first_monday).count() / 7 + 1);
}

TEST(Recurrence, SkippingWholeCyclesKeepsIndexesConsistent) {
  using namespace std::chrono;
  // First and last Monday of February, for 600 years: the walk passes the
  // 400-year mark where whole cycles are counted instead of scanned.
  const RRule r = rule("FREQ=YEARLY;BYMONTH=2;BYDAY=1MO,-1MO");
  const Instant start = at("2001-02-05T09:00:00Z");
  Instant after = start - milliseconds(1);
  std::vector<Instant> series;
  for (int i = 1; i <= 1200; ++i) {
    const auto occ = next_occurrence(r, start, "UTC", after);
    ASSERT_TRUE(occ);
    ASSERT_EQ(occ->index, i);
    const year_month_day ymd{floor<days>(occ->at)};
    const unsigned feb_days = static_cast<unsigned>((year_month_day_last{ymd.year() / February / last}).day());
    ASSERT_EQ(ymd.month(), February);
    ASSERT_EQ(weekday{floor<days>(occ->at)}, Monday);
    ASSERT_TRUE(static_cast<unsigned>(ymd.day()) <= 7 || static_cast<unsigned>(ymd.day()) > feb_days - 7);
    series.push_back(occ->at);
    after = occ->at;
  }
  EXPECT_EQ(utc(series.back()), "2600-02-24T09:00:00Z");
  for (std::size_t i = 0; i < series.size(); i += 97) {
    const auto occ = next_occurrence(r, start, "UTC", series[i] - milliseconds(1));
    ASSERT_TRUE(occ);
    EXPECT_EQ(occ->at, series[i]);
    EXPECT_EQ(occ->index, static_cast<int>(i) + 1);
  }
}

TEST(Recurrence, SeriesEndsAtYear9999) {
  EXPECT_EQ(walk("FREQ=YEARLY", "9998-06-01T00:00:00Z", "UTC", 5),
            (Series{"9998-06-01T00:00:00Z", "9999-06-01T00:00:00Z"}));
}

TEST(Recurrence, UnknownTimeZoneHasNoOccurrence) {
  const Instant start = at("2026-01-01T09:00:00Z");
  EXPECT_FALSE(next_occurrence(rule("FREQ=DAILY"), start, "Not/AZone", start - milliseconds(1)));
  EXPECT_FALSE(next_occurrence(rule("FREQ=DAILY"), start, "", start));
  EXPECT_FALSE(next_occurrence(rule("FREQ=DAILY"), start, "../etc/passwd", start));
}

TEST(Recurrence, InvalidRuleHasNoOccurrence) {
  RRule r;
  r.interval = 0;
  const Instant start = at("2026-01-01T09:00:00Z");
  EXPECT_FALSE(next_occurrence(r, start, "UTC", start - milliseconds(1)));
  r.interval = 1;
  r.freq = Frequency::Weekly;
  r.by_day = {{0, 1}};  // ordinals are not allowed with WEEKLY
  EXPECT_FALSE(next_occurrence(r, start, "UTC", start));
}

TEST(TimeZone, KnownZonesAreValid) {
  EXPECT_TRUE(is_valid_timezone("UTC"));
  EXPECT_TRUE(is_valid_timezone("Europe/Berlin"));
  EXPECT_TRUE(is_valid_timezone("America/New_York"));
  EXPECT_TRUE(is_valid_timezone("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(is_valid_timezone("Etc/GMT+5"));
  EXPECT_TRUE(is_valid_timezone("Europe/Berlin"));  // cached
}

TEST(TimeZone, UnsafeOrUnknownNamesAreInvalid) {
  for (const char* name : {"", "Not/AZone", "../etc/passwd", "Europe/../UTC", "/usr/share/zoneinfo/UTC",
                           "/etc/localtime", "localtime", "file:/etc/passwd", "Fixed/UTC+01:00", "Europe/Berlin ",
                           "Europe//Berlin", "Europe/", "utc\n"}) {
    EXPECT_FALSE(is_valid_timezone(name)) << name;
  }
  EXPECT_FALSE(is_valid_timezone(std::string(65, 'A')));
  EXPECT_FALSE(is_valid_timezone(std::string_view("UTC\0x", 5)));
}

TEST(TimeZone, LookupsFromSeveralThreads) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&failures] {
      for (int i = 0; i < 50; ++i) {
        if (!is_valid_timezone("Asia/Tokyo") || !is_valid_timezone("America/Chicago") || is_valid_timezone("No/Where"))
          ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace todo::core
