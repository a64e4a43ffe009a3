#include "core/rrule.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace todo::core {
namespace {

Instant at(const char* text) { return *parse_rfc3339(text); }

RRule parse_ok(std::string_view text) {
  RRuleError error;
  const auto rule = parse_rrule(text, &error);
  EXPECT_TRUE(rule.has_value()) << text << ": " << error.message;
  return rule.value_or(RRule{});
}

// The error message for `text`, or "<parsed>" when it unexpectedly parsed.
std::string parse_error(std::string_view text) {
  RRuleError error;
  return parse_rrule(text, &error) ? std::string("<parsed>") : error.message;
}

// Found by the RRULE fuzzer: a date UNTIL prints as a date-time, 8
// characters longer, so a 500-character rule had a canonical text that did
// not parse again. The limit counts the canonical text.
TEST(RRuleParse, TheCanonicalTextOfAnAcceptedRuleAlwaysParsesAgain) {
  std::string rule = "FREQ=MONTHLY;UNTIL=20261231;BYDAY=";
  const char* days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  for (int n = 1; rule.size() < 494; ++n)
    for (const char* d : days)
      if (rule.size() < 494) rule += (rule.back() == '=' ? "" : ",") + std::to_string(n) + d;
  ASSERT_LE(rule.size(), 500u);
  ASSERT_GT(rule.size() + 8, 500u);
  RRuleError error;
  EXPECT_FALSE(parse_rrule(rule, &error));
  EXPECT_NE(error.message.find("too long"), std::string::npos) << error.message;
  // A shorter one with a date UNTIL round-trips.
  const auto ok = parse_rrule("FREQ=MONTHLY;UNTIL=20261231;BYMONTHDAY=1,15");
  ASSERT_TRUE(ok);
  EXPECT_EQ(parse_rrule(ok->to_string()), ok);
}

TEST(RRuleParse, FreqValues) {
  EXPECT_EQ(parse_ok("FREQ=DAILY").freq, Frequency::Daily);
  EXPECT_EQ(parse_ok("FREQ=WEEKLY").freq, Frequency::Weekly);
  EXPECT_EQ(parse_ok("FREQ=MONTHLY").freq, Frequency::Monthly);
  EXPECT_EQ(parse_ok("FREQ=YEARLY").freq, Frequency::Yearly);
}

TEST(RRuleParse, DefaultsWhenOnlyFreq) {
  const RRule r = parse_ok("FREQ=WEEKLY");
  EXPECT_EQ(r.interval, 1);
  EXPECT_TRUE(r.by_day.empty());
  EXPECT_TRUE(r.by_month_day.empty());
  EXPECT_TRUE(r.by_month.empty());
  EXPECT_FALSE(r.count.has_value());
  EXPECT_FALSE(r.until.has_value());
}

TEST(RRuleParse, Interval) {
  EXPECT_EQ(parse_ok("FREQ=DAILY;INTERVAL=1").interval, 1);
  EXPECT_EQ(parse_ok("FREQ=DAILY;INTERVAL=3").interval, 3);
  EXPECT_EQ(parse_ok("FREQ=DAILY;INTERVAL=1000").interval, 1000);
}

TEST(RRuleParse, ByDayPlainAndOrdinals) {
  const RRule weekly = parse_ok("FREQ=WEEKLY;BYDAY=MO,WE,FR");
  EXPECT_EQ(weekly.by_day, (std::vector<ByDay>{{0, 0}, {2, 0}, {4, 0}}));

  const RRule monthly = parse_ok("FREQ=MONTHLY;BYDAY=1MO,-1FR,+2TU,SU");
  EXPECT_EQ(monthly.by_day, (std::vector<ByDay>{{0, 1}, {4, -1}, {1, 2}, {6, 0}}));

  const RRule yearly = parse_ok("FREQ=YEARLY;BYDAY=20MO,-53SU,53SA");
  EXPECT_EQ(yearly.by_day, (std::vector<ByDay>{{0, 20}, {6, -53}, {5, 53}}));
}

TEST(RRuleParse, AllWeekdayNames) {
  const RRule r = parse_ok("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU");
  ASSERT_EQ(r.by_day.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(r.by_day[static_cast<std::size_t>(i)].weekday, i);
}

TEST(RRuleParse, ByMonthDayAndByMonth) {
  const RRule r = parse_ok("FREQ=MONTHLY;BYMONTHDAY=1,15,-1,31,-31,+2;BYMONTH=1,6,12");
  EXPECT_EQ(r.by_month_day, (std::vector<int>{1, 15, -1, 31, -31, 2}));
  EXPECT_EQ(r.by_month, (std::vector<int>{1, 6, 12}));
}

TEST(RRuleParse, Count) {
  EXPECT_EQ(parse_ok("FREQ=DAILY;COUNT=1").count, 1);
  EXPECT_EQ(parse_ok("FREQ=DAILY;COUNT=10000").count, 10000);
}

TEST(RRuleParse, UntilForms) {
  EXPECT_EQ(parse_ok("FREQ=DAILY;UNTIL=19970714T173000Z").until, at("1997-07-14T17:30:00Z"));
  EXPECT_EQ(parse_ok("freq=daily;until=19970714t173000z").until, at("1997-07-14T17:30:00Z"));
  // A bare date means the end of that day in UTC.
  EXPECT_EQ(parse_ok("FREQ=DAILY;UNTIL=19970714").until, at("1997-07-14T23:59:59Z"));
  EXPECT_EQ(parse_ok("FREQ=DAILY;UNTIL=1997-07-14T19:30:00+02:00").until, at("1997-07-14T17:30:00Z"));
  // Second precision, like RFC 5545.
  EXPECT_EQ(parse_ok("FREQ=DAILY;UNTIL=1997-07-14T17:30:00.750Z").until, at("1997-07-14T17:30:00Z"));
}

TEST(RRuleParse, PartsInAnyOrderAndCaseInsensitive) {
  const RRule a = parse_ok("COUNT=5;byday=mo,we;Freq=Weekly;interval=2");
  EXPECT_EQ(a.freq, Frequency::Weekly);
  EXPECT_EQ(a.interval, 2);
  EXPECT_EQ(a.by_day, (std::vector<ByDay>{{0, 0}, {2, 0}}));
  EXPECT_EQ(a.count, 5);
}

TEST(RRuleParse, PrefixAndTrailingSemicolon) {
  EXPECT_EQ(parse_ok("RRULE:FREQ=DAILY;INTERVAL=2").interval, 2);
  EXPECT_EQ(parse_ok("rrule:FREQ=DAILY").freq, Frequency::Daily);
  EXPECT_EQ(parse_ok("FREQ=DAILY;").freq, Frequency::Daily);
  EXPECT_EQ(parse_ok("  FREQ=MONTHLY;COUNT=2  ").count, 2);
}

TEST(RRuleParse, Shorthands) {
  EXPECT_EQ(parse_ok("daily"), RRule{});
  EXPECT_EQ(parse_ok(" Weekly ").freq, Frequency::Weekly);
  EXPECT_EQ(parse_ok("MONTHLY").freq, Frequency::Monthly);
  EXPECT_EQ(parse_ok("yearly\n").freq, Frequency::Yearly);
  EXPECT_EQ(parse_ok("yearly").to_string(), "FREQ=YEARLY");
}

TEST(RRuleParse, EmptyInput) {
  EXPECT_EQ(parse_error(""), "empty rule");
  EXPECT_EQ(parse_error("   "), "empty rule");
  EXPECT_EQ(parse_error("RRULE:"), "empty rule");
  EXPECT_EQ(parse_error(";"), "empty rule");
}

TEST(RRuleParse, EmptyParts) {
  EXPECT_EQ(parse_error("FREQ=DAILY;;"), "empty rule part");
  EXPECT_EQ(parse_error("FREQ=DAILY;;COUNT=2"), "empty rule part");
  EXPECT_EQ(parse_error(";FREQ=DAILY"), "empty rule part");
  EXPECT_EQ(parse_error("FREQ="), "FREQ: empty value");
  EXPECT_EQ(parse_error("FREQ=DAILY;COUNT="), "COUNT: empty value");
  EXPECT_NE(parse_error("FREQ=DAILY;COUNT").find("without '='"), std::string::npos);
}

TEST(RRuleParse, FreqRequiredAndValid) {
  EXPECT_EQ(parse_error("INTERVAL=2"), "FREQ is required");
  EXPECT_EQ(parse_error("FREQ=SECONDLY"), "FREQ: unsupported frequency SECONDLY");
  EXPECT_EQ(parse_error("FREQ=hourly"), "FREQ: unsupported frequency HOURLY");
  EXPECT_EQ(parse_error("FREQ=MINUTELY"), "FREQ: unsupported frequency MINUTELY");
  EXPECT_EQ(parse_error("FREQ=FORTNIGHTLY"), "FREQ: invalid value 'FORTNIGHTLY'");
  EXPECT_EQ(parse_error("fortnightly"), "rule part without '=': 'fortnightly'");
}

TEST(RRuleParse, UnsupportedParts) {
  for (const char* part : {"BYSETPOS=1", "BYHOUR=9", "BYMINUTE=0", "BYSECOND=0", "WKST=SU", "BYWEEKNO=20",
                           "BYYEARDAY=100", "X-FOO=1", "FOO=1"}) {
    const std::string name(std::string_view(part).substr(0, std::string_view(part).find('=')));
    EXPECT_EQ(parse_error(std::string("FREQ=MONTHLY;") + part), "unsupported rule part: " + name) << part;
  }
  EXPECT_EQ(parse_error("FREQ=MONTHLY;bysetpos=-1"), "unsupported rule part: BYSETPOS");
  // Odd names are quoted and trimmed to a bounded length.
  EXPECT_EQ(parse_error("FREQ=DAILY;A B=1"), "unsupported rule part: 'A B'");
  EXPECT_EQ(parse_error("FREQ=DAILY;" + std::string(100, 'X') + "=1"),
            "unsupported rule part: 'XXXXXXXXXXXXXXXXXXXXXXXX...'");
}

TEST(RRuleParse, DuplicateParts) {
  EXPECT_EQ(parse_error("FREQ=DAILY;FREQ=WEEKLY"), "duplicate rule part: FREQ");
  EXPECT_EQ(parse_error("FREQ=DAILY;INTERVAL=2;interval=3"), "duplicate rule part: INTERVAL");
  EXPECT_EQ(parse_error("FREQ=WEEKLY;BYDAY=MO;BYDAY=TU"), "duplicate rule part: BYDAY");
}

TEST(RRuleParse, IntervalErrors) {
  EXPECT_EQ(parse_error("FREQ=DAILY;INTERVAL=0"), "INTERVAL: must be between 1 and 1000");
  EXPECT_EQ(parse_error("FREQ=DAILY;INTERVAL=1001"), "INTERVAL: must be between 1 and 1000");
  EXPECT_EQ(parse_error("FREQ=DAILY;INTERVAL=99999999999999999999"), "INTERVAL: must be between 1 and 1000");
  EXPECT_EQ(parse_error("FREQ=DAILY;INTERVAL=-1"), "INTERVAL: invalid number '-1'");
  EXPECT_EQ(parse_error("FREQ=DAILY;INTERVAL=two"), "INTERVAL: invalid number 'two'");
  EXPECT_EQ(parse_error("FREQ=DAILY;INTERVAL=2x"), "INTERVAL: invalid number '2x'");
}

TEST(RRuleParse, CountErrors) {
  EXPECT_EQ(parse_error("FREQ=DAILY;COUNT=0"), "COUNT: must be between 1 and 10000");
  EXPECT_EQ(parse_error("FREQ=DAILY;COUNT=10001"), "COUNT: must be between 1 and 10000");
  EXPECT_EQ(parse_error("FREQ=DAILY;COUNT=+3"), "COUNT: invalid number '+3'");
  EXPECT_EQ(parse_error("FREQ=DAILY;COUNT=3.5"), "COUNT: invalid number '3.5'");
}

TEST(RRuleParse, UntilErrors) {
  for (const char* v : {"1997071", "19971314", "19970230", "19970714T1730Z", "19970714T173000", "19970714T253000Z",
                        "1997-07-14", "tomorrow", "19970714X173000Z"}) {
    EXPECT_EQ(parse_error(std::string("FREQ=DAILY;UNTIL=") + v).rfind("UNTIL: invalid date-time", 0), 0u) << v;
  }
}

TEST(RRuleParse, CountAndUntilTogether) {
  EXPECT_EQ(parse_error("FREQ=DAILY;COUNT=3;UNTIL=20260101T000000Z"), "COUNT and UNTIL cannot be combined");
}

TEST(RRuleParse, ByDayErrors) {
  EXPECT_EQ(parse_error("FREQ=WEEKLY;BYDAY=XX"), "BYDAY: unknown weekday 'XX'");
  EXPECT_EQ(parse_error("FREQ=WEEKLY;BYDAY=M"), "BYDAY: unknown weekday 'M'");
  EXPECT_EQ(parse_error("FREQ=WEEKLY;BYDAY=MON"), "BYDAY: unknown weekday 'MON'");
  EXPECT_EQ(parse_error("FREQ=WEEKLY;BYDAY=MO,,FR"), "BYDAY: empty list item");
  EXPECT_EQ(parse_error("FREQ=WEEKLY;BYDAY=MO,"), "BYDAY: empty list item");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYDAY=0MO"), "BYDAY: ordinal in '0MO' must be 1..53 or -53..-1");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYDAY=54MO"), "BYDAY: ordinal in '54MO' must be 1..53 or -53..-1");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYDAY=-54MO"), "BYDAY: ordinal in '-54MO' must be 1..53 or -53..-1");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYDAY=+MO"), "BYDAY: invalid ordinal in '+MO'");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYDAY=1xMO"), "BYDAY: invalid ordinal in '1xMO'");
  EXPECT_EQ(parse_error("FREQ=WEEKLY;BYDAY=MO,TU,MO"), "BYDAY: duplicate value 'MO'");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYDAY=1MO,+1MO"), "BYDAY: duplicate value '1MO'");
}

TEST(RRuleParse, ByDayOrdinalsOnlyWithMonthlyOrYearly) {
  EXPECT_EQ(parse_error("FREQ=WEEKLY;BYDAY=1MO"), "BYDAY: ordinals such as '1MO' need FREQ=MONTHLY or FREQ=YEARLY");
  EXPECT_EQ(parse_error("BYDAY=-1FR;FREQ=DAILY"),
            "BYDAY: ordinals such as '-1FR' need FREQ=MONTHLY or FREQ=YEARLY");
  EXPECT_EQ(parse_ok("FREQ=MONTHLY;BYDAY=-1FR").by_day, (std::vector<ByDay>{{4, -1}}));
  EXPECT_EQ(parse_ok("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU").by_day, (std::vector<ByDay>{{6, -1}}));
}

TEST(RRuleParse, ByMonthDayErrors) {
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYMONTHDAY=0"), "BYMONTHDAY: 0 is out of range (1..31 or -31..-1)");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYMONTHDAY=32"), "BYMONTHDAY: 32 is out of range (1..31 or -31..-1)");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYMONTHDAY=-32"), "BYMONTHDAY: -32 is out of range (1..31 or -31..-1)");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYMONTHDAY=1,x"), "BYMONTHDAY: invalid number 'x'");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYMONTHDAY=1,,2"), "BYMONTHDAY: empty list item");
  EXPECT_EQ(parse_error("FREQ=MONTHLY;BYMONTHDAY=5,5"), "BYMONTHDAY: duplicate value 5");
}

TEST(RRuleParse, ByMonthErrors) {
  EXPECT_EQ(parse_error("FREQ=YEARLY;BYMONTH=0"), "BYMONTH: 0 is out of range (1..12)");
  EXPECT_EQ(parse_error("FREQ=YEARLY;BYMONTH=13"), "BYMONTH: 13 is out of range (1..12)");
  EXPECT_EQ(parse_error("FREQ=YEARLY;BYMONTH=-1"), "BYMONTH: invalid number '-1'");
  EXPECT_EQ(parse_error("FREQ=YEARLY;BYMONTH=JAN"), "BYMONTH: invalid number 'JAN'");
  EXPECT_EQ(parse_error("FREQ=YEARLY;BYMONTH=2,2"), "BYMONTH: duplicate value 2");
}

TEST(RRuleParse, LengthLimit) {
  std::string ok = "FREQ=DAILY;";
  ok += std::string(500 - ok.size() - 1, ' ');
  ok += ' ';
  EXPECT_EQ(ok.size(), 500u);
  EXPECT_EQ(parse_ok(ok).freq, Frequency::Daily);
  EXPECT_EQ(parse_error(ok + " "), "rule is too long (at most 500 characters)");
}

TEST(RRuleParse, ErrorIsOptional) {
  EXPECT_FALSE(parse_rrule("FREQ=NEVER").has_value());
  EXPECT_TRUE(parse_rrule("FREQ=DAILY").has_value());
}

TEST(RRuleParse, ControlCharactersAreNotEchoed) {
  EXPECT_EQ(parse_error(std::string("FREQ=D\x01\nLY")), "FREQ: invalid value 'D??LY'");
}

TEST(RRuleToString, CanonicalOrder) {
  const RRule r = parse_ok("UNTIL=20260301T120000Z;BYMONTH=1,3;BYMONTHDAY=-1;BYDAY=MO,2TU;INTERVAL=2;FREQ=MONTHLY");
  EXPECT_EQ(r.to_string(), "FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,2TU;BYMONTHDAY=-1;BYMONTH=1,3;UNTIL=20260301T120000Z");
}

TEST(RRuleToString, OmitsDefaultInterval) {
  EXPECT_EQ(parse_ok("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,FR;COUNT=10").to_string(), "FREQ=WEEKLY;BYDAY=MO,FR;COUNT=10");
  EXPECT_EQ(parse_ok("RRULE:freq=daily;").to_string(), "FREQ=DAILY");
}

TEST(RRuleToString, OrdinalsAndDateUntil) {
  EXPECT_EQ(parse_ok("FREQ=MONTHLY;BYDAY=+1MO,-1FR").to_string(), "FREQ=MONTHLY;BYDAY=1MO,-1FR");
  EXPECT_EQ(parse_ok("FREQ=DAILY;UNTIL=20261231").to_string(), "FREQ=DAILY;UNTIL=20261231T235959Z");
  EXPECT_EQ(parse_ok("FREQ=MONTHLY;BYMONTHDAY=+5").to_string(), "FREQ=MONTHLY;BYMONTHDAY=5");
}

TEST(RRuleToString, RoundTrip) {
  for (const char* text :
       {"daily", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR", "FREQ=MONTHLY;BYDAY=1MO,-1FR;COUNT=12",
        "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYMONTH=1,2,3", "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=YEARLY;BYDAY=20MO", "FREQ=DAILY;UNTIL=20260115", "FREQ=DAILY;UNTIL=2026-01-15T10:00:00.123+01:00",
        "freq=weekly;byday=su,sa;interval=1000;count=10000", "FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=13"}) {
    const RRule r = parse_ok(text);
    RRuleError error;
    const auto again = parse_rrule(r.to_string(), &error);
    ASSERT_TRUE(again.has_value()) << r.to_string() << ": " << error.message;
    EXPECT_EQ(*again, r) << text;
    EXPECT_EQ(again->to_string(), r.to_string());
  }
}

TEST(RRuleToString, RoundTripOfRuleBuiltInCode) {
  RRule r;
  r.freq = Frequency::Yearly;
  r.interval = 3;
  r.by_day = {{6, -1}, {0, 2}};
  r.by_month = {10, 3};
  r.until = at("2030-10-01T00:00:00Z");
  EXPECT_EQ(r.to_string(), "FREQ=YEARLY;INTERVAL=3;BYDAY=-1SU,2MO;BYMONTH=10,3;UNTIL=20301001T000000Z");
  EXPECT_EQ(parse_rrule(r.to_string()), r);
}

TEST(RRuleValidate, RulesBuiltInCode) {
  RRuleError error;
  RRule r;
  EXPECT_TRUE(validate_rrule(r, &error));
  r.interval = 0;
  EXPECT_FALSE(validate_rrule(r, &error));
  EXPECT_EQ(error.message, "INTERVAL: must be between 1 and 1000");
  r.interval = 1;
  r.by_day = {{7, 0}};
  EXPECT_FALSE(validate_rrule(r, &error));
  r.by_day = {{0, 1}};
  EXPECT_FALSE(validate_rrule(r, &error));  // ordinal with DAILY
  r.freq = Frequency::Monthly;
  EXPECT_TRUE(validate_rrule(r, &error));
  r.count = 2;
  r.until = at("2030-01-01T00:00:00Z");
  EXPECT_FALSE(validate_rrule(r, &error));
  EXPECT_EQ(error.message, "COUNT and UNTIL cannot be combined");
  r.count.reset();
  r.until = at("9999-12-31T23:59:59Z") + std::chrono::seconds(1);
  EXPECT_FALSE(validate_rrule(r, &error));
}

}  // namespace
}  // namespace todo::core
