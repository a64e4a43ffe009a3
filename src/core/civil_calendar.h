#pragma once
// Calendar arithmetic on cctz civil days, shared by the recurrence engine
// and the quick-add parser. Inline: both call these for every scanned day.
#include <cctz/civil_time.h>

#include <array>
#include <cstddef>

namespace todo::core {

inline bool is_leap_year(long long y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

// A table rather than civil arithmetic: cheap enough to call per day.
inline int days_in_month(long long year, int month) {
  static constexpr std::array<int, 13> kDays{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month)];
}
inline int days_in_month(cctz::civil_day d) { return days_in_month(d.year(), d.month()); }

// 0 = Monday … 6 = Sunday (RFC 5545's week starts on Monday by default).
inline int weekday_index(cctz::civil_day d) {
  switch (cctz::get_weekday(d)) {
    case cctz::weekday::monday: return 0;
    case cctz::weekday::tuesday: return 1;
    case cctz::weekday::wednesday: return 2;
    case cctz::weekday::thursday: return 3;
    case cctz::weekday::friday: return 4;
    case cctz::weekday::saturday: return 5;
    case cctz::weekday::sunday: return 6;
  }
  return 0;
}

}  // namespace todo::core
