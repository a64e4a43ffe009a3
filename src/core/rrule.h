#pragma once
// RFC 5545 recurrence rules, restricted to the subset of DESIGN §3.3:
// FREQ (DAILY|WEEKLY|MONTHLY|YEARLY), INTERVAL, BYDAY (incl. ordinals such as
// 1MO and -1FR), BYMONTHDAY, BYMONTH, COUNT, UNTIL, plus the shorthands
// daily/weekly/monthly/yearly. Parsing and printing only; occurrences are
// computed in core/recurrence.h.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace todo::core {

enum class Frequency { Daily, Weekly, Monthly, Yearly };

// A BYDAY entry: weekday 0=MO..6=SU and an optional ordinal (1MO, -1FR; 0 = every).
struct ByDay {
  int weekday = 0;
  int ordinal = 0;
  friend bool operator==(const ByDay&, const ByDay&) = default;
};

struct RRule {
  Frequency freq = Frequency::Daily;
  int interval = 1;
  std::vector<ByDay> by_day;
  std::vector<int> by_month_day;  // 1..31 or -31..-1
  std::vector<int> by_month;      // 1..12
  std::optional<int> count;       // >= 1
  std::optional<Instant> until;   // UTC instant

  // Canonical text, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=10".
  // INTERVAL=1 is omitted; parts are printed in a fixed order; UNTIL is
  // printed in UTC basic format (19970714T173000Z).
  std::string to_string() const;
  friend bool operator==(const RRule&, const RRule&) = default;
};

struct RRuleError {
  std::string message;  // human readable, e.g. "BYDAY: unknown weekday 'XX'"
};

// Parses an RRULE (an optional "RRULE:" prefix is accepted, names are
// case-insensitive) or one of the shorthands daily|weekly|monthly|yearly.
// On failure returns nullopt and fills `error`.
std::optional<RRule> parse_rrule(std::string_view text, RRuleError* error = nullptr);

// Checks the ranges and combinations that parse_rrule enforces (INTERVAL
// 1..1000, COUNT 1..10000, not both COUNT and UNTIL, ordinals only with
// MONTHLY/YEARLY, no duplicate list values...), for rules built in code.
// On failure returns false and fills `error`.
bool validate_rrule(const RRule& rule, RRuleError* error = nullptr);

}  // namespace todo::core
