#include "core/time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

namespace todo::core {
namespace {

using namespace std::chrono;

// 2026-11-24T10:00:00Z as milliseconds since the epoch.
constexpr long long kBaseMs = 1795514400000LL;

long long ms_of(const char* text) {
  const auto t = parse_rfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t ? to_unix_ms(*t) : -1;
}

TEST(Rfc3339Parse, BaseValueMatchesCivilDate) {
  const Instant expected = sys_days{year{2026} / November / 24} + hours{10};
  ASSERT_EQ(to_unix_ms(expected), kBaseMs);
  EXPECT_EQ(ms_of("2026-11-24T10:00:00Z"), kBaseMs);
}

TEST(Rfc3339Parse, UnixEpoch) { EXPECT_EQ(ms_of("1970-01-01T00:00:00Z"), 0); }

TEST(Rfc3339Parse, BeforeEpochIsNegative) { EXPECT_EQ(ms_of("1969-12-31T23:59:59.999Z"), -1); }

TEST(Rfc3339Parse, FractionsOfAnyLength) {
  EXPECT_EQ(ms_of("2026-11-24T10:00:00.1Z"), kBaseMs + 100);
  EXPECT_EQ(ms_of("2026-11-24T10:00:00.12Z"), kBaseMs + 120);
  EXPECT_EQ(ms_of("2026-11-24T10:00:00.123Z"), kBaseMs + 123);
  EXPECT_EQ(ms_of("2026-11-24T10:00:00.000Z"), kBaseMs);
  EXPECT_EQ(ms_of("2026-11-24T10:00:00.007Z"), kBaseMs + 7);
}

TEST(Rfc3339Parse, SubMillisecondDigitsAreTruncatedNotRounded) {
  EXPECT_EQ(ms_of("2026-11-24T10:00:00.1239Z"), kBaseMs + 123);
  EXPECT_EQ(ms_of("2026-11-24T10:00:00.999999999Z"), kBaseMs + 999);
}

TEST(Rfc3339Parse, PositiveAndNegativeOffsets) {
  EXPECT_EQ(ms_of("2026-11-24T11:00:00+01:00"), kBaseMs);
  EXPECT_EQ(ms_of("2026-11-24T04:30:00-05:30"), kBaseMs);
  EXPECT_EQ(ms_of("2026-11-24T10:00:00+00:00"), kBaseMs);
  EXPECT_EQ(ms_of("2026-11-24T10:00:00-00:00"), kBaseMs);
  // An offset can move the instant to another day.
  EXPECT_EQ(ms_of("2026-11-25T00:30:00+14:30"), kBaseMs);
}

TEST(Rfc3339Parse, LowerCaseSeparatorAndZulu) {
  EXPECT_EQ(ms_of("2026-11-24t10:00:00z"), kBaseMs);
  EXPECT_EQ(ms_of("2026-11-24T10:00:00z"), kBaseMs);
}

TEST(Rfc3339Parse, PostgresIsoOutput) {
  EXPECT_EQ(ms_of("2026-11-24 10:00:00.123+00"), kBaseMs + 123);
  EXPECT_EQ(ms_of("2026-11-24 11:00:00+01"), kBaseMs);
  EXPECT_EQ(ms_of("2026-11-24 15:30:00+0530"), kBaseMs);
}

TEST(Rfc3339Parse, LeapDayOnlyInLeapYears) {
  EXPECT_TRUE(parse_rfc3339("2024-02-29T00:00:00Z").has_value());
  EXPECT_TRUE(parse_rfc3339("2000-02-29T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-02-29T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("1900-02-29T00:00:00Z").has_value());
}

// What the platform stores is years 1 to 9999 in UTC, after the offset: a
// valid text of an instant outside them used to be stored as year 10000 or
// year 0 and broke every request touching the row.
TEST(Rfc3339Parse, InstantsOutsideYearsOneToNineThousandNineHundredNinetyNineAreRefused) {
  EXPECT_TRUE(parse_rfc3339("0001-01-01T00:00:00Z").has_value());
  EXPECT_EQ(*parse_rfc3339("0001-01-01T00:00:00Z"), kMinInstant);
  EXPECT_EQ(*parse_rfc3339("9999-12-31T23:59:59.999Z"), kMaxInstant);
  EXPECT_EQ(format_rfc3339(kMaxInstant), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339(kMinInstant), "0001-01-01T00:00:00.000Z");
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:59:59-23:59").has_value());   // year 10000 in UTC
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:00:00-01:00").has_value());
  EXPECT_TRUE(parse_rfc3339("9999-12-31T23:00:00+01:00").has_value());
  EXPECT_FALSE(parse_rfc3339("0000-01-01T00:00:00Z").has_value());        // year 0
  EXPECT_FALSE(parse_rfc3339("0001-01-01T00:30:00+01:00").has_value());   // year 0 in UTC
  EXPECT_TRUE(parse_rfc3339("0001-01-01T00:30:00-01:00").has_value());
}

TEST(Rfc3339Parse, RejectsOutOfRangeFields) {
  EXPECT_FALSE(parse_rfc3339("2026-13-01T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-00-01T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-04-31T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-01-00T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-01-01T24:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-01-01T23:60:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-12-31T23:59:60Z").has_value());  // leap seconds are not accepted
  EXPECT_FALSE(parse_rfc3339("2026-01-01T00:00:00+24:00").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-01-01T00:00:00+01:60").has_value());
}

TEST(Rfc3339Parse, RejectsMissingOrBrokenOffset) {
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00.123").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00+").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00+1").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00+01:0").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00UTC").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00 Z").has_value());
}

TEST(Rfc3339Parse, RejectsMalformedShapes) {
  EXPECT_FALSE(parse_rfc3339("").has_value());
  EXPECT_FALSE(parse_rfc3339("2026").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24X10:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026/11/24T10:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-1-24T10:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T1:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("26-11-24T10:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("+2026-11-24T10:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339(" 2026-11-24T10:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00Z ").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00ZZ").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00.Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00,123Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00.12aZ").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-24T10:00:00+01:00x").has_value());
}

// "+01:" is neither RFC 3339 ("+01:00") nor PostgreSQL's output ("+01"), but
// the parser accepts it as +01:00 because it only reads minutes when a
// character follows the colon.
TEST(Rfc3339Parse, RejectsOffsetWithDanglingColon) {
  EXPECT_FALSE(parse_rfc3339("2026-11-24T11:00:00+01:").has_value());
}

TEST(Rfc3339Format, MillisecondsAlwaysThreeDigits) {
  EXPECT_EQ(format_rfc3339(from_unix_ms(kBaseMs)), "2026-11-24T10:00:00.000Z");
  EXPECT_EQ(format_rfc3339(from_unix_ms(kBaseMs + 7)), "2026-11-24T10:00:00.007Z");
  EXPECT_EQ(format_rfc3339(from_unix_ms(kBaseMs + 123)), "2026-11-24T10:00:00.123Z");
}

TEST(Rfc3339Format, AppendKeepsWhatIsAlreadyThere) {
  std::string out = "due: ";
  append_rfc3339(out, from_unix_ms(kBaseMs + 123));
  EXPECT_EQ(out, "due: 2026-11-24T10:00:00.123Z");
  out += ", ";
  append_rfc3339(out, kMaxInstant);
  EXPECT_EQ(out, "due: 2026-11-24T10:00:00.123Z, 9999-12-31T23:59:59.999Z");
}

TEST(Rfc3339Format, PadsEveryField) {
  const Instant t = sys_days{year{2026} / January / 2} + hours{3} + minutes{4} + seconds{5} + milliseconds{6};
  EXPECT_EQ(format_rfc3339(t), "2026-01-02T03:04:05.006Z");
}

TEST(Rfc3339Format, EpochAndBeforeEpoch) {
  EXPECT_EQ(format_rfc3339(from_unix_ms(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339(from_unix_ms(-1)), "1969-12-31T23:59:59.999Z");
}

TEST(Rfc3339Format, EndOfDayAndLeapDay) {
  const Instant t = sys_days{year{2024} / February / 29} + hours{23} + minutes{59} + seconds{59} + milliseconds{999};
  EXPECT_EQ(format_rfc3339(t), "2024-02-29T23:59:59.999Z");
}

TEST(Rfc3339Format, OffsetInputIsPrintedInUtc) {
  const auto t = parse_rfc3339("2026-11-24T12:15:30.5+02:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(format_rfc3339(*t), "2026-11-24T10:15:30.500Z");
}

TEST(Rfc3339RoundTrip, FormatThenParseIsIdentity) {
  for (long long ms : {0LL, -1LL, 1LL, kBaseMs, kBaseMs + 999, 951782400000LL /* 2000-02-29 */,
                       253402300799999LL /* 9999-12-31T23:59:59.999Z */}) {
    const Instant t = from_unix_ms(ms);
    const auto back = parse_rfc3339(format_rfc3339(t));
    ASSERT_TRUE(back.has_value()) << ms;
    EXPECT_EQ(*back, t) << format_rfc3339(t);
  }
}

TEST(UnixMillis, ConversionsAreInverse) {
  EXPECT_EQ(to_unix_ms(from_unix_ms(kBaseMs)), kBaseMs);
  EXPECT_EQ(from_unix_ms(1500) - from_unix_ms(0), Millis{1500});
}

}  // namespace
}  // namespace todo::core
