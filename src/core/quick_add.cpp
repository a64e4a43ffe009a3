#include "core/quick_add.h"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <chrono>
#include <utility>

#include "core/civil_calendar.h"
#include "core/error.h"
#include "core/recurrence.h"
#include "core/rrule.h"
#include "core/strings.h"
#include "core/task_input.h"
#include "core/utf8.h"

// The grammar and every decision are documented in quick_add.h. The parser
// works in two passes: a scan over the words fills at most one "slot" per
// kind of value (date, time, exact instant, recurrence, priority, project,
// reminder; tags are a list), then the slots are resolved against `now` in
// the request's zone.

namespace todo::core {
namespace {

constexpr std::string_view kSpace = " \t\r\n\f\v";
constexpr std::string_view kTrailingPunct = ",.;:!?";
constexpr int kMaxAmount = 999;        // "in N days"
constexpr int kMaxInterval = 1000;     // INTERVAL of the RRULE subset
constexpr int kFirstYear = 1970;
constexpr int kLastYear = 9999;
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// ---------------------------------------------------------------- words

struct Word {
  std::size_t start = 0;
  std::size_t end = 0;       // exclusive
  std::size_t core_end = 0;  // end without trailing punctuation
  std::string core;          // lower-cased [start, core_end)
  bool bare() const { return core_end == end; }
};

using Words = std::vector<Word>;

Words split_words(std::string_view text) {
  Words words;
  std::size_t i = 0;
  while (i < text.size()) {
    i = text.find_first_not_of(kSpace, i);
    if (i == std::string_view::npos) break;
    std::size_t end = text.find_first_of(kSpace, i);
    if (end == std::string_view::npos) end = text.size();
    std::size_t core_end = end;
    while (core_end > i && kTrailingPunct.find(text[core_end - 1]) != std::string_view::npos) --core_end;
    words.push_back(Word{i, end, core_end, ascii_lower(text.substr(i, core_end - i))});
    i = end;
  }
  return words;
}

// The word after `j` when the phrase may continue there: `j` carries no
// punctuation and is not the last word.
std::size_t next_word(const Words& w, std::size_t j) {
  return j != kNone && j + 1 < w.size() && w[j].bare() ? j + 1 : kNone;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Digits only, at most `max_digits` of them.
std::optional<int> parse_number(std::string_view s, std::size_t max_digits) {
  if (!is_digits(s) || s.size() > max_digits) return std::nullopt;
  int v = 0;
  for (const char c : s) v = v * 10 + (c - '0');
  return v;
}

// ---------------------------------------------------------------- calendar

bool valid_date(int y, int m, int d) {
  return y >= kFirstYear && y <= kLastYear && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

// Does day `d` of month `m` exist in some year (Feb 29 does)?
bool valid_month_day(int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(2000, m); }

std::optional<int> weekday_name(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, int>, 17> kNames{{
      {"monday", 0},   {"mon", 0},      {"tuesday", 1}, {"tue", 1},    {"tues", 1},    {"wednesday", 2},
      {"wed", 2},      {"thursday", 3}, {"thu", 3},     {"thur", 3},   {"thurs", 3},   {"friday", 4},
      {"fri", 4},      {"saturday", 5}, {"sat", 5},     {"sunday", 6}, {"sun", 6},
  }};
  for (const auto& [name, wd] : kNames)
    if (s == name) return wd;
  return std::nullopt;
}

std::optional<int> month_name(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, int>, 24> kNames{{
      {"jan", 1},     {"january", 1},  {"feb", 2},       {"february", 2}, {"mar", 3},      {"march", 3},
      {"apr", 4},     {"april", 4},    {"may", 5},       {"jun", 6},      {"june", 6},     {"jul", 7},
      {"july", 7},    {"aug", 8},      {"august", 8},    {"sep", 9},      {"sept", 9},     {"september", 9},
      {"oct", 10},    {"october", 10}, {"nov", 11},      {"november", 11}, {"dec", 12},    {"december", 12},
  }};
  for (const auto& [name, m] : kNames)
    if (s == name) return m;
  return std::nullopt;
}

// "24", "24th", "1st", "2nd", "3rd": a day of the month 1..31.
std::optional<int> day_number(std::string_view s) {
  std::string_view digits = s;
  if (s.size() > 2) {
    const std::string_view suffix = s.substr(s.size() - 2);
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") digits = s.substr(0, s.size() - 2);
  }
  const auto d = parse_number(digits, 2);
  if (!d || *d < 1 || *d > 31) return std::nullopt;
  return d;
}

// "1st".."31st" with a suffix (a bare number is not an ordinal).
std::optional<int> ordinal_number(std::string_view s) {
  if (s.size() < 3 || is_digits(s)) return std::nullopt;
  return day_number(s);
}

// first..fifth, 1st..5th, last (-1): the rank of a weekday in its month.
std::optional<int> weekday_rank(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, int>, 6> kWords{
      {{"first", 1}, {"second", 2}, {"third", 3}, {"fourth", 4}, {"fifth", 5}, {"last", -1}}};
  for (const auto& [name, n] : kWords)
    if (s == name) return n;
  const auto n = ordinal_number(s);
  if (n && *n <= 5) return n;
  return std::nullopt;
}

// ---------------------------------------------------------------- phrases

struct TimeOfDay {
  int hour = 0;
  int minute = 0;
  int second = 0;
};

enum class Unit { Minute, Hour, Day, Week, Month, Year };

struct Duration {
  int amount = 0;
  Unit unit = Unit::Day;
  std::size_t last = 0;  // last word of the phrase
};

std::optional<Unit> unit_name(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, Unit>, 22> kUnits{{
      {"m", Unit::Minute},   {"min", Unit::Minute}, {"mins", Unit::Minute}, {"minute", Unit::Minute},
      {"minutes", Unit::Minute}, {"h", Unit::Hour}, {"hr", Unit::Hour},     {"hrs", Unit::Hour},
      {"hour", Unit::Hour},  {"hours", Unit::Hour}, {"d", Unit::Day},       {"day", Unit::Day},
      {"days", Unit::Day},   {"w", Unit::Week},     {"wk", Unit::Week},     {"wks", Unit::Week},
      {"week", Unit::Week},  {"weeks", Unit::Week}, {"month", Unit::Month}, {"months", Unit::Month},
      {"year", Unit::Year},  {"years", Unit::Year},
  }};
  for (const auto& [name, u] : kUnits)
    if (s == name) return u;
  return std::nullopt;
}

// "30m", "2h", "3d", "2w" in one word, or "<N|a|an> <unit>" in two.
std::optional<Duration> match_duration(const Words& w, std::size_t i) {
  if (i == kNone || i >= w.size()) return std::nullopt;
  const std::string& s = w[i].core;
  std::size_t k = 0;
  while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k;
  if (k > 0 && k < s.size()) {
    const auto n = parse_number(s.substr(0, k), 3);
    const std::string_view suffix = std::string_view(s).substr(k);
    const auto u = unit_name(suffix);
    if (n && *n >= 1 && u && *u != Unit::Month && *u != Unit::Year) return Duration{*n, *u, i};
    return std::nullopt;
  }
  std::optional<int> n;
  if (s == "a" || s == "an") n = 1;
  else n = parse_number(s, 3);
  if (!n || *n < 1 || *n > kMaxAmount) return std::nullopt;
  const std::size_t j = next_word(w, i);
  if (j == kNone) return std::nullopt;
  const auto u = unit_name(w[j].core);
  if (!u) return std::nullopt;
  return Duration{*n, *u, j};
}

Millis to_millis(const Duration& d) {
  using namespace std::chrono;
  switch (d.unit) {
    case Unit::Minute: return duration_cast<Millis>(minutes(d.amount));
    case Unit::Hour: return duration_cast<Millis>(hours(d.amount));
    case Unit::Day: return duration_cast<Millis>(hours(24) * d.amount);
    case Unit::Week: return duration_cast<Millis>(hours(24 * 7) * d.amount);
    case Unit::Month:
    case Unit::Year: break;  // calendar units, never exact durations
  }
  return Millis{0};
}

struct TimePhrase {
  TimeOfDay time;
  std::size_t last = 0;
};

// [at] 17:30 | 5pm | 5:30pm | 5 pm | 12am | noon | midnight.
std::optional<TimePhrase> match_time(const Words& w, std::size_t i) {
  if (i == kNone || i >= w.size()) return std::nullopt;
  std::size_t j = i;
  if (w[j].core == "at") {
    j = next_word(w, j);
    if (j == kNone) return std::nullopt;
  }
  const std::string& s = w[j].core;
  if (s == "noon") return TimePhrase{{12, 0}, j};
  if (s == "midnight") return TimePhrase{{0, 0}, j};
  std::size_t k = 0;
  while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k;
  const auto hour = parse_number(std::string_view(s).substr(0, k), 2);
  if (!hour) return std::nullopt;
  std::optional<int> minute;
  if (k < s.size() && s[k] == ':') {
    const std::string_view mm = std::string_view(s).substr(k + 1, 2);
    minute = mm.size() == 2 ? parse_number(mm, 2) : std::nullopt;
    if (!minute || *minute > 59) return std::nullopt;
    k += 3;
  }
  std::string_view meridiem = std::string_view(s).substr(k);
  std::size_t last = j;
  if (meridiem.empty()) {
    const std::size_t n = next_word(w, j);
    if (n != kNone && (w[n].core == "am" || w[n].core == "pm")) {
      meridiem = w[n].core;
      last = n;
    }
  }
  if (meridiem.empty()) {
    if (!minute || *hour > 23) return std::nullopt;  // a bare hour is not a time
    return TimePhrase{{*hour, *minute}, last};
  }
  if (meridiem != "am" && meridiem != "pm") return std::nullopt;
  if (*hour < 1 || *hour > 12) return std::nullopt;
  const int h = *hour % 12 + (meridiem == "pm" ? 12 : 0);
  return TimePhrase{{h, minute.value_or(0)}, last};
}

struct DateSpec {
  enum class Kind { Today, Tomorrow, Tonight, Weekday, NextWeekday, MonthDay, Exact, InDays, InMonths };
  Kind kind = Kind::Today;
  int weekday = 0;
  int year = 0;  // MonthDay: 0 = the next one ahead
  int month = 0;
  int day = 0;
  int amount = 0;  // InDays, InMonths
};

struct DatePhrase {
  DateSpec date;
  std::size_t last = 0;
};

// <month> <day> [year] | <day> [of] <month> [year]; the year is four digits.
std::optional<DatePhrase> match_month_day(const Words& w, std::size_t i, bool allow_year) {
  if (i >= w.size()) return std::nullopt;
  int month = 0;
  int day = 0;
  std::size_t last = 0;
  if (const auto m = month_name(w[i].core)) {
    const std::size_t j = next_word(w, i);
    if (j == kNone) return std::nullopt;
    const auto d = day_number(w[j].core);
    if (!d) return std::nullopt;
    month = *m, day = *d, last = j;
  } else if (const auto d = day_number(w[i].core)) {
    std::size_t j = next_word(w, i);
    if (j != kNone && w[j].core == "of") j = next_word(w, j);
    if (j == kNone) return std::nullopt;
    const auto mon = month_name(w[j].core);
    if (!mon) return std::nullopt;
    month = *mon, day = *d, last = j;
  } else {
    return std::nullopt;
  }
  if (!valid_month_day(month, day)) return std::nullopt;
  DateSpec spec{DateSpec::Kind::MonthDay, 0, 0, month, day, 0};
  if (allow_year) {
    const std::size_t y = next_word(w, last);
    if (y != kNone && w[y].core.size() == 4) {
      if (const auto year = parse_number(w[y].core, 4); year && *year >= kFirstYear) {
        if (!valid_date(*year, month, day)) return std::nullopt;  // feb 29 2027
        spec.kind = DateSpec::Kind::Exact;
        spec.year = *year;
        last = y;
      }
    }
  }
  return DatePhrase{spec, last};
}

// 24/12, 24/12/2027, 2027-12-24.
std::optional<DateSpec> numeric_date(std::string_view s) {
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    const auto y = parse_number(s.substr(0, 4), 4);
    const auto m = parse_number(s.substr(5, 2), 2);
    const auto d = parse_number(s.substr(8, 2), 2);
    if (!y || !m || !d || !valid_date(*y, *m, *d)) return std::nullopt;
    return DateSpec{DateSpec::Kind::Exact, 0, *y, *m, *d, 0};
  }
  const auto slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto d = parse_number(s.substr(0, slash), 2);
  std::string_view rest = s.substr(slash + 1);
  const auto slash2 = rest.find('/');
  const auto m = parse_number(rest.substr(0, slash2), 2);
  if (!d || !m) return std::nullopt;
  if (slash2 == std::string_view::npos) {
    if (!valid_month_day(*m, *d)) return std::nullopt;
    return DateSpec{DateSpec::Kind::MonthDay, 0, 0, *m, *d, 0};
  }
  const std::string_view ys = rest.substr(slash2 + 1);
  const auto y = ys.size() == 4 ? parse_number(ys, 4) : std::nullopt;
  if (!y || !valid_date(*y, *m, *d)) return std::nullopt;
  return DateSpec{DateSpec::Kind::Exact, 0, *y, *m, *d, 0};
}

// A date phrase starting at word i (not "in ...", see match_in).
std::optional<DatePhrase> match_date(const Words& w, std::size_t i) {
  if (i >= w.size()) return std::nullopt;
  const std::string& s = w[i].core;
  using K = DateSpec::Kind;
  if (s == "today") return DatePhrase{{K::Today}, i};
  if (s == "tomorrow") return DatePhrase{{K::Tomorrow}, i};
  if (s == "tonight") return DatePhrase{{K::Tonight}, i};
  if (const auto wd = weekday_name(s)) return DatePhrase{{K::Weekday, *wd}, i};
  if (s == "next") {
    const std::size_t j = next_word(w, i);
    if (j == kNone) return std::nullopt;
    if (const auto wd = weekday_name(w[j].core)) return DatePhrase{{K::NextWeekday, *wd}, j};
    if (w[j].core == "week") return DatePhrase{{K::NextWeekday, 0}, j};
    return std::nullopt;
  }
  if (auto md = match_month_day(w, i, true)) return md;
  if (const auto nd = numeric_date(s)) return DatePhrase{*nd, i};
  return std::nullopt;
}

// in <duration>: a date (days, weeks, months, years) or an exact instant
// (minutes, hours).
struct InPhrase {
  Duration duration;
  std::size_t last = 0;
};

std::optional<InPhrase> match_in(const Words& w, std::size_t i) {
  if (i >= w.size() || w[i].core != "in") return std::nullopt;
  const auto d = match_duration(w, next_word(w, i));
  if (!d) return std::nullopt;
  return InPhrase{*d, d->last};
}

// ---------------------------------------------------------------- recurrence

struct RecurrencePhrase {
  RRule rule;
  std::size_t body_last = 0;          // last word of the rule itself
  std::optional<TimePhrase> time;     // "at 9am" right after it
};

ByDay by_weekday(int wd, int ordinal = 0) { return ByDay{wd, ordinal}; }

// A weekday list: "mon", "mon, fri", "mon,fri", "monday and friday",
// "mon, wed & fri". Returns the sorted weekdays and the last word.
std::optional<std::pair<std::vector<int>, std::size_t>> match_weekday_list(const Words& w, std::size_t i,
                                                                          std::string_view text) {
  if (i == kNone || i >= w.size()) return std::nullopt;
  std::array<bool, 7> seen{};
  std::size_t last = kNone;
  std::size_t j = i;
  while (j != kNone && j < w.size()) {
    // One word may hold several names separated by commas ("mon,fri").
    bool ok = true;
    std::vector<int> found;
    for (const auto part : split_list(w[j].core, ',')) {
      const auto wd = weekday_name(part);
      if (!wd) {
        ok = false;
        break;
      }
      found.push_back(*wd);
    }
    if (!ok || found.empty()) break;
    for (const int wd : found) seen[static_cast<std::size_t>(wd)] = true;
    last = j;
    // Continue after "," (attached to the word), "and" or "&".
    const std::string_view tail = text.substr(w[j].core_end, w[j].end - w[j].core_end);
    std::size_t n = kNone;
    if (tail == "," && j + 1 < w.size()) {
      n = j + 1;
    } else if (w[j].bare() && j + 1 < w.size() && (w[j + 1].core == "and" || w[j + 1].core == "&")) {
      n = next_word(w, j + 1);
    }
    if (n == kNone) break;
    // Only continue when a weekday follows; otherwise the list ends here.
    const auto parts = split_list(w[n].core, ',');
    if (parts.empty() || !weekday_name(parts.front())) break;
    j = n;
  }
  if (last == kNone) return std::nullopt;
  std::vector<int> days;
  for (int d = 0; d < 7; ++d)
    if (seen[static_cast<std::size_t>(d)]) days.push_back(d);
  return std::make_pair(days, last);
}

std::optional<Frequency> frequency_unit(std::string_view s) {
  if (s == "day" || s == "days") return Frequency::Daily;
  if (s == "week" || s == "weeks") return Frequency::Weekly;
  if (s == "month" || s == "months") return Frequency::Monthly;
  if (s == "year" || s == "years") return Frequency::Yearly;
  return std::nullopt;
}

// After "every N months": [on] [the] (1st | last day | <rank> <weekday>).
// After "every N weeks": [on] <weekday list>.
std::size_t match_rule_refinement(const Words& w, std::size_t last, RRule& rule, std::string_view text) {
  std::size_t j = next_word(w, last);
  if (j == kNone || w[j].core != "on") return last;
  j = next_word(w, j);
  if (j == kNone) return last;
  if (rule.freq == Frequency::Weekly) {
    if (const auto list = match_weekday_list(w, j, text)) {
      for (const int d : list->first) rule.by_day.push_back(by_weekday(d));
      return list->second;
    }
    return last;
  }
  if (rule.freq != Frequency::Monthly) return last;
  if (w[j].core == "the") j = next_word(w, j);
  if (j == kNone) return last;
  if (const auto rank = weekday_rank(w[j].core)) {
    const std::size_t k = next_word(w, j);
    if (k != kNone) {
      if (const auto wd = weekday_name(w[k].core)) {
        rule.by_day.push_back(by_weekday(*wd, *rank));
        return k;
      }
      if (*rank == -1 && w[k].core == "day") {
        rule.by_month_day.push_back(-1);
        return k;
      }
    }
  }
  if (const auto d = ordinal_number(w[j].core)) {
    rule.by_month_day.push_back(*d);
    return j;
  }
  return last;
}

// The body after "every".
std::optional<std::pair<RRule, std::size_t>> match_every_body(const Words& w, std::size_t i, std::string_view text) {
  if (i == kNone || i >= w.size()) return std::nullopt;
  const std::string& s = w[i].core;
  RRule rule;
  // every [N | other] day(s)/week(s)/month(s)/year(s) [on ...]
  {
    int interval = 1;
    std::size_t j = i;
    const bool other = s == "other";
    if (other) {
      interval = 2;
      j = next_word(w, i);
    } else if (const auto n = parse_number(s, 4)) {
      if (*n < 1 || *n > kMaxInterval) return std::nullopt;
      interval = *n;
      j = next_word(w, i);
    }
    if (j != kNone) {
      if (const auto f = frequency_unit(w[j].core)) {
        rule.freq = *f;
        rule.interval = interval;
        const std::size_t last = match_rule_refinement(w, j, rule, text);
        return std::make_pair(rule, last);
      }
      if (other) {  // every other monday
        if (const auto list = match_weekday_list(w, j, text)) {
          rule.freq = Frequency::Weekly;
          rule.interval = 2;
          for (const int d : list->first) rule.by_day.push_back(by_weekday(d));
          return std::make_pair(rule, list->second);
        }
      }
    }
  }
  if (s == "weekday" || s == "weekdays" || s == "workday" || s == "workdays") {
    rule.freq = Frequency::Weekly;
    for (int d = 0; d < 5; ++d) rule.by_day.push_back(by_weekday(d));
    return std::make_pair(rule, i);
  }
  if (s == "weekend" || s == "weekends") {
    rule.freq = Frequency::Weekly;
    rule.by_day = {by_weekday(5), by_weekday(6)};
    return std::make_pair(rule, i);
  }
  // every <rank> <weekday> | every last day
  if (const auto rank = weekday_rank(s)) {
    const std::size_t k = next_word(w, i);
    if (k != kNone) {
      if (const auto wd = weekday_name(w[k].core)) {
        rule.freq = Frequency::Monthly;
        rule.by_day.push_back(by_weekday(*wd, *rank));
        return std::make_pair(rule, k);
      }
      if (*rank == -1 && w[k].core == "day") {
        rule.freq = Frequency::Monthly;
        rule.by_month_day.push_back(-1);
        return std::make_pair(rule, k);
      }
    }
  }
  // every dec 24 | every 24 dec (before "every 24th", which would take "24th dec" alone)
  if (const auto md = match_month_day(w, i, false)) {
    rule.freq = Frequency::Yearly;
    rule.by_month.push_back(md->date.month);
    rule.by_month_day.push_back(md->date.day);
    return std::make_pair(rule, md->last);
  }
  // every 1st
  if (const auto d = ordinal_number(s)) {
    rule.freq = Frequency::Monthly;
    rule.by_month_day.push_back(*d);
    return std::make_pair(rule, i);
  }
  // every monday, every mon, fri
  if (const auto list = match_weekday_list(w, i, text)) {
    rule.freq = Frequency::Weekly;
    for (const int d : list->first) rule.by_day.push_back(by_weekday(d));
    return std::make_pair(rule, list->second);
  }
  return std::nullopt;
}

std::optional<RecurrencePhrase> match_recurrence(const Words& w, std::size_t i, std::string_view text) {
  if (i >= w.size()) return std::nullopt;
  const std::string& s = w[i].core;
  std::optional<std::pair<RRule, std::size_t>> body;
  if (s == "daily" || s == "weekly" || s == "monthly" || s == "yearly" || s == "annually") {
    RRule rule;
    rule.freq = s == "daily"     ? Frequency::Daily
                : s == "weekly"  ? Frequency::Weekly
                : s == "monthly" ? Frequency::Monthly
                                 : Frequency::Yearly;
    body = std::make_pair(rule, i);
  } else if (s == "every") {
    body = match_every_body(w, next_word(w, i), text);
  }
  if (!body || !validate_rrule(body->first)) return std::nullopt;
  RecurrencePhrase p{body->first, body->second, std::nullopt};
  p.time = match_time(w, next_word(w, body->second));
  return p;
}

// ---------------------------------------------------------------- reminders

struct ReminderSpec {
  enum class Kind { Before, In, At } kind = Kind::At;
  Duration duration;
  TimeOfDay time;
};

struct ReminderPhrase {
  ReminderSpec spec;
  std::size_t last = 0;
};

// remind [me] (<duration> before | in <duration> | [at] <time>)
std::optional<ReminderPhrase> match_reminder(const Words& w, std::size_t i) {
  if (i >= w.size() || w[i].core != "remind") return std::nullopt;
  std::size_t j = next_word(w, i);
  if (j != kNone && w[j].core == "me") j = next_word(w, j);
  if (j == kNone) return std::nullopt;
  if (w[j].core == "in") {
    const auto d = match_duration(w, next_word(w, j));
    if (d && d->unit != Unit::Month && d->unit != Unit::Year)
      return ReminderPhrase{{ReminderSpec::Kind::In, *d, {}}, d->last};
    return std::nullopt;
  }
  if (const auto d = match_duration(w, j); d && d->unit != Unit::Month && d->unit != Unit::Year) {
    const std::size_t b = next_word(w, d->last);
    if (b != kNone && w[b].core == "before") return ReminderPhrase{{ReminderSpec::Kind::Before, *d, {}}, b};
  }
  if (const auto t = match_time(w, j)) return ReminderPhrase{{ReminderSpec::Kind::At, {}, t->time}, t->last};
  return std::nullopt;
}

// ---------------------------------------------------------------- projects

std::vector<std::string> split_spaces(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while ((i = s.find_first_not_of(kSpace, i)) != std::string_view::npos) {
    std::size_t e = s.find_first_of(kSpace, i);
    if (e == std::string_view::npos) e = s.size();
    out.emplace_back(s.substr(i, e - i));
    i = e;
  }
  return out;
}

struct ProjectPhrase {
  std::size_t name_index = 0;
  std::size_t last = 0;
  std::size_t end = 0;  // byte offset where the match ends
};

// #name: the longest of the user's project names that the words starting at
// `i` spell, ASCII case-insensitively. The last word may be compared with or
// without its trailing punctuation.
std::optional<ProjectPhrase> match_project(const Words& w, std::size_t i, std::string_view text,
                                           const std::vector<std::vector<std::string>>& names) {
  if (i >= w.size() || text[w[i].start] != '#') return std::nullopt;
  std::optional<ProjectPhrase> best;
  for (std::size_t p = 0; p < names.size(); ++p) {
    const auto& parts = names[p];
    if (parts.empty() || i + parts.size() > w.size()) continue;
    bool ok = true;
    std::size_t end = 0;
    for (std::size_t k = 0; k < parts.size() && ok; ++k) {
      const Word& word = w[i + k];
      const std::size_t from = word.start + (k == 0 ? 1 : 0);
      const std::string_view full = text.substr(from, word.end - from);
      const std::string_view core = text.substr(from, word.core_end >= from ? word.core_end - from : 0);
      if (iequals(full, parts[k])) {
        end = word.end;
      } else if (k + 1 == parts.size() && !core.empty() && iequals(core, parts[k])) {
        end = word.core_end;
      } else {
        ok = false;
      }
    }
    if (ok && (!best || end > best->end)) best = ProjectPhrase{p, i + parts.size() - 1, end};
  }
  return best;
}

// ---------------------------------------------------------------- local time

cctz::time_point<cctz::seconds> to_cctz(Instant t) { return std::chrono::floor<cctz::seconds>(t); }

Instant from_cctz(cctz::time_point<cctz::seconds> t) {
  return Instant{std::chrono::duration_cast<Millis>(t.time_since_epoch())};
}

cctz::civil_day local_day(Instant t, const cctz::time_zone& tz) { return cctz::civil_day(tz.lookup(to_cctz(t)).cs); }

// A wall time skipped by a DST gap moves forward by the gap, a repeated one
// takes the earlier instant: cctz's `pre` (as core/recurrence.cpp).
Instant at_local(cctz::civil_day d, const TimeOfDay& t, const cctz::time_zone& tz) {
  return from_cctz(tz.lookup(cctz::civil_second(d.year(), d.month(), d.day(), t.hour, t.minute, t.second)).pre);
}

constexpr TimeOfDay kEndOfDay{23, 59, 59};
constexpr TimeOfDay kTonight{20, 0, 0};

// Does `d` pass the BYMONTH / BYMONTHDAY / BYDAY filters of a rule built by
// match_recurrence (ordinals count within the month)?
bool rule_allows(const RRule& r, cctz::civil_day d) {
  const int y = static_cast<int>(d.year());
  const int m = d.month();
  const int day = d.day();
  const int dim = days_in_month(y, m);
  if (!r.by_month.empty() && std::find(r.by_month.begin(), r.by_month.end(), m) == r.by_month.end()) return false;
  if (!r.by_month_day.empty() && std::none_of(r.by_month_day.begin(), r.by_month_day.end(), [&](int md) {
        return md > 0 ? day == md : day == dim + md + 1;
      }))
    return false;
  if (!r.by_day.empty()) {
    const int wd = weekday_index(d);
    return std::any_of(r.by_day.begin(), r.by_day.end(), [&](const ByDay& b) {
      if (b.weekday != wd) return false;
      if (b.ordinal == 0) return true;
      return b.ordinal > 0 ? (day - 1) / 7 + 1 == b.ordinal : (dim - day) / 7 + 1 == -b.ordinal;
    });
  }
  return true;
}

// ---------------------------------------------------------------- the scan

constexpr std::string_view kDue = "due_date";

struct Slots {
  std::optional<DateSpec> date;
  std::optional<TimeOfDay> time;
  std::optional<Instant> exact;
  std::optional<RRule> rule;
  std::optional<Priority> priority;
  std::optional<std::size_t> project;
  std::optional<ReminderSpec> reminder;
  std::vector<std::string> tags;
};

class Scanner {
 public:
  Scanner(std::string_view text, const QuickAddContext& ctx) : text_(text), ctx_(ctx), w_(split_words(text)) {
    for (const auto& name : ctx.project_names) project_parts_.push_back(split_spaces(name));
  }

  void run() {
    std::size_t i = 0;
    while (i < w_.size()) i = step(i);
  }

  Slots& slots() { return s_; }
  std::vector<QuickAddMatch>& matches() { return matches_; }

 private:
  void add(std::string_view kind, std::size_t first, std::size_t last, std::optional<std::size_t> end = {}) {
    const std::size_t start = w_[first].start;
    const std::size_t stop = end.value_or(w_[last].core_end);
    matches_.push_back(QuickAddMatch{std::string(kind), std::string(text_.substr(start, stop - start)), start, stop});
  }

  bool date_free() const { return !s_.date && !s_.exact; }
  bool time_free() const { return !s_.time && !s_.exact; }

  // A rejected date or time takes an adjacent time or date with it, so that
  // a second "tomorrow 5pm" stays in the title as a whole.
  std::size_t skip_companion(std::size_t last) {
    const std::size_t n = next_word(w_, last);
    if (n == kNone) return last + 1;
    if (const auto t = match_time(w_, n)) return t->last + 1;
    if (const auto d = match_date(w_, n)) return d->last + 1;
    return last + 1;
  }

  // Handles the phrase starting at word i; returns the next word to look at.
  std::size_t step(std::size_t i) {
    if (const auto r = match_reminder(w_, i)) {
      if (s_.reminder) return r->last + 1;
      s_.reminder = r->spec;
      add("reminder", i, r->last);
      return r->last + 1;
    }
    if (const auto r = match_recurrence(w_, i, text_)) {
      if (s_.rule) return (r->time ? r->time->last : r->body_last) + 1;
      s_.rule = r->rule;
      std::size_t last = r->body_last;
      if (r->time && time_free()) {
        s_.time = r->time->time;
        last = r->time->last;
      }
      add("recurrence", i, last);
      return last + 1;
    }
    if (const auto p = match_in(w_, i)) {
      const Duration& d = p->duration;
      if (d.unit == Unit::Minute || d.unit == Unit::Hour) {
        if (!date_free() || !time_free()) return p->last + 1;
        s_.exact = std::chrono::floor<std::chrono::minutes>(ctx_.now + to_millis(d));
      } else {
        if (!date_free()) return skip_companion(p->last);
        DateSpec spec;
        spec.kind = d.unit == Unit::Month || d.unit == Unit::Year ? DateSpec::Kind::InMonths : DateSpec::Kind::InDays;
        spec.amount = d.unit == Unit::Week ? d.amount * 7 : d.unit == Unit::Year ? d.amount * 12 : d.amount;
        s_.date = spec;
      }
      add(kDue, i, p->last);
      return p->last + 1;
    }
    if (const auto d = match_date(w_, i)) {
      if (!date_free()) return skip_companion(d->last);
      s_.date = d->date;
      add(kDue, i, d->last);
      return d->last + 1;
    }
    if (const auto t = match_time(w_, i)) {
      if (!time_free()) return skip_companion(t->last);
      s_.time = t->time;
      add(kDue, i, t->last);
      return t->last + 1;
    }
    const std::string& s = w_[i].core;
    if (s == "p1" || s == "p2" || s == "p3") {
      if (!s_.priority) {
        s_.priority = s == "p1" ? Priority::High : s == "p2" ? Priority::Medium : Priority::Low;
        add("priority", i, i);
      }
      return i + 1;
    }
    if (s.size() > 1 && s.front() == '@') {
      const auto tag = normalize_tag(text_.substr(w_[i].start + 1, w_[i].core_end - w_[i].start - 1));
      if (tag) {
        const bool known = std::find(s_.tags.begin(), s_.tags.end(), *tag) != s_.tags.end();
        if (known || s_.tags.size() < kMaxTags) {
          if (!known) s_.tags.push_back(*tag);
          add("tag", i, i);
        }
      }
      return i + 1;
    }
    if (!s.empty() && s.front() == '#') {
      if (const auto p = match_project(w_, i, text_, project_parts_)) {
        if (s_.project) return p->last + 1;
        s_.project = p->name_index;
        add("project", i, p->last, p->end);
        return p->last + 1;
      }
    }
    return i + 1;
  }

  std::string_view text_;
  const QuickAddContext& ctx_;
  Words w_;
  std::vector<std::vector<std::string>> project_parts_;
  Slots s_;
  std::vector<QuickAddMatch> matches_;
};

// ---------------------------------------------------------------- resolution

struct Due {
  Instant at;
  bool all_day = false;
};

class Resolver {
 public:
  Resolver(const Slots& s, Instant now, const cctz::time_zone& tz)
      : s_(s), now_(now), tz_(tz), today_(local_day(now, tz)) {}

  std::optional<Due> due() {
    if (s_.exact && !s_.rule) return Due{*s_.exact, false};
    if (!s_.date && !s_.time && !s_.exact && !s_.rule) return std::nullopt;
    time_ = s_.time;
    if (s_.exact) {
      const auto cs = tz_.lookup(to_cctz(*s_.exact)).cs;
      time_ = TimeOfDay{cs.hour(), cs.minute(), cs.second()};
    }
    if (!time_ && s_.date && s_.date->kind == DateSpec::Kind::Tonight && at_local(today_, kTonight, tz_) > now_)
      time_ = kTonight;
    std::optional<cctz::civil_day> day;
    if (s_.exact) day = local_day(*s_.exact, tz_);
    else if (s_.date) day = resolve(*s_.date);
    if (s_.rule) {
      // The first occurrence on or after the start day (ahead of now when
      // the day was not given).
      const bool explicit_day = day.has_value();
      cctz::civil_day d = day.value_or(today_);
      const cctz::civil_day limit = d + 366 * 9;  // Feb 29 recurs within 8 years
      while (d < limit && !(rule_allows(*s_.rule, d) && (explicit_day || ahead(d)) && time_exists(d))) ++d;
      day = d;
    } else if (!day) {
      day = ahead(today_) ? today_ : today_ + 1;  // a time without a date
    }
    return Due{instant_on(*day), !time_};
  }

  cctz::civil_day today() const { return today_; }

 private:
  Instant instant_on(cctz::civil_day d) const { return at_local(d, time_.value_or(kEndOfDay), tz_); }
  bool ahead(cctz::civil_day d) const { return time_ ? instant_on(d) > now_ : d >= today_; }
  // The series keeps the wall time of its first occurrence (core/recurrence),
  // so a first occurrence inside a DST gap would shift every later one.
  bool time_exists(cctz::civil_day d) const {
    if (!time_) return true;
    const cctz::civil_second cs(d.year(), d.month(), d.day(), time_->hour, time_->minute, time_->second);
    return tz_.lookup(cs).kind != cctz::time_zone::civil_lookup::SKIPPED;
  }

  cctz::civil_day resolve(const DateSpec& spec) const {
    using K = DateSpec::Kind;
    switch (spec.kind) {
      case K::Today:
      case K::Tonight: return today_;
      case K::Tomorrow: return today_ + 1;
      case K::Weekday: {
        cctz::civil_day d = today_ + (spec.weekday - weekday_index(today_) + 7) % 7;
        return ahead(d) ? d : d + 7;
      }
      case K::NextWeekday: {
        const int delta = (spec.weekday - weekday_index(today_) + 7) % 7;
        return today_ + (delta == 0 ? 7 : delta);
      }
      case K::MonthDay: {
        const int year = static_cast<int>(today_.year());
        for (int y = year; y <= year + 8; ++y) {
          if (!valid_date(y, spec.month, spec.day)) continue;
          const cctz::civil_day d(y, spec.month, spec.day);
          if (ahead(d)) return d;
        }
        return cctz::civil_day(year + 1, spec.month, spec.day);  // not reached for valid dates
      }
      case K::Exact: return cctz::civil_day(spec.year, spec.month, spec.day);
      case K::InDays: return today_ + spec.amount;
      case K::InMonths: {
        const cctz::civil_month m = cctz::civil_month(today_) + spec.amount;
        const int dim = days_in_month(static_cast<int>(m.year()), m.month());
        return cctz::civil_day(m.year(), m.month(), std::min(today_.day(), dim));
      }
    }
    return today_;
  }

  const Slots& s_;
  Instant now_;
  const cctz::time_zone& tz_;
  cctz::civil_day today_;
  std::optional<TimeOfDay> time_;
};

// ---------------------------------------------------------------- the title

// The text without the matches: fragments joined by single spaces;
// punctuation directly after a removed phrase sticks to the word before it.
std::string build_title(std::string_view text, const std::vector<QuickAddMatch>& matches) {
  std::string title;
  bool last_glued = false;
  std::size_t pos = 0;
  const auto add_span = [&](std::size_t from, std::size_t to, bool after_match) {
    std::size_t i = from;
    while (i < to) {
      const std::size_t start = text.find_first_not_of(kSpace, i);
      if (start == std::string_view::npos || start >= to) break;
      std::size_t end = text.find_first_of(kSpace, start);
      if (end == std::string_view::npos || end > to) end = to;
      std::string_view frag = text.substr(start, end - start);
      const bool attached = after_match && start == from;
      if (attached && kTrailingPunct.find(frag.front()) != std::string_view::npos) {
        if (title.empty()) {
          frag = trim_ascii(frag, kTrailingPunct);  // dangling punctuation at the start
          if (!frag.empty()) title += frag;
          last_glued = false;
        } else {
          title += frag;
          last_glued = true;
        }
      } else {
        if (!title.empty()) title += ' ';
        title += frag;
        last_glued = false;
      }
      i = end;
    }
  };
  for (const auto& m : matches) {
    add_span(pos, m.start, pos > 0);
    pos = m.end;
  }
  add_span(pos, text.size(), pos > 0);
  if (last_glued) {
    while (!title.empty() && std::string_view(",;:").find(title.back()) != std::string_view::npos) title.pop_back();
  }
  return std::string(utf8::trim(title));
}

// Adjacent date and time matches (only white space between) become one.
void merge_due_matches(std::string_view text, std::vector<QuickAddMatch>& matches) {
  std::vector<QuickAddMatch> out;
  for (auto& m : matches) {
    if (!out.empty() && out.back().kind == kDue && m.kind == kDue &&
        trim_ascii(text.substr(out.back().end, m.start - out.back().end), kSpace).empty()) {
      out.back().end = m.end;
      out.back().text = std::string(text.substr(out.back().start, m.end - out.back().start));
    } else {
      out.push_back(std::move(m));
    }
  }
  matches = std::move(out);
}

}  // namespace

QuickAddResult parse_quick_add(std::string_view text, const QuickAddContext& ctx) {
  if (!utf8::is_valid(text))
    throw ApiError(ErrorCode::ValidationFailed, "text must be valid UTF-8", {{"text", "must be valid UTF-8"}});
  if (utf8::trim(text).empty())
    throw ApiError(ErrorCode::ValidationFailed, "text must not be empty", {{"text", "must not be empty"}});
  if (utf8::length(text) > kMaxQuickAddText)
    throw ApiError(ErrorCode::ValidationFailed, "text must be at most 1000 characters",
                   {{"text", "must be at most 1000 characters"}});
  cctz::time_zone tz;
  if (!is_valid_timezone(ctx.timezone) || !cctz::load_time_zone(ctx.timezone, &tz))
    throw ApiError(ErrorCode::ValidationFailed, "timezone must be an IANA time zone",
                   {{"timezone", "must be an IANA time zone"}});

  Scanner scanner(text, ctx);
  scanner.run();
  Slots& s = scanner.slots();
  QuickAddResult r;
  r.matches = std::move(scanner.matches());
  std::sort(r.matches.begin(), r.matches.end(),
            [](const QuickAddMatch& a, const QuickAddMatch& b) { return a.start < b.start; });

  Resolver resolver(s, ctx.now, tz);
  if (const auto due = resolver.due()) {
    r.due_date = due->at;
    r.all_day = due->all_day;
  }
  if (s.rule) r.recurrence = s.rule->to_string();
  r.priority = s.priority;
  r.tags = std::move(s.tags);
  if (s.project) r.project = ctx.project_names[*s.project];

  Problems problems;
  if (s.reminder) {
    const ReminderSpec& rem = *s.reminder;
    switch (rem.kind) {
      case ReminderSpec::Kind::Before:
        if (r.due_date) r.reminder_at = *r.due_date - to_millis(rem.duration);
        else problems.add("text", "needs a due date for \"remind me ... before\"");
        break;
      case ReminderSpec::Kind::In:
        r.reminder_at = std::chrono::floor<std::chrono::minutes>(ctx.now + to_millis(rem.duration));
        break;
      case ReminderSpec::Kind::At: {
        cctz::civil_day day = r.due_date ? local_day(*r.due_date, tz) : resolver.today();
        if (!r.due_date && at_local(day, rem.time, tz) <= ctx.now) day += 1;
        r.reminder_at = at_local(day, rem.time, tz);
        break;
      }
    }
  }

  r.title = build_title(text, r.matches);
  if (r.title.empty()) problems.add("text", "leaves an empty title once the recognised phrases are removed");
  problems.throw_if_any();
  merge_due_matches(text, r.matches);
  return r;
}

boost::json::object to_json(const QuickAddResult& r) {
  boost::json::object o;
  o["title"] = r.title;
  if (r.due_date) {
    o["due_date"] = format_rfc3339(*r.due_date);
    o["all_day"] = r.all_day;
  }
  if (r.recurrence) o["recurrence"] = *r.recurrence;
  if (r.priority) o["priority"] = std::string(to_string(*r.priority));
  if (r.reminder_at) o["reminder_at"] = format_rfc3339(*r.reminder_at);
  if (!r.tags.empty()) o["tags"] = json_array(r.tags);
  if (r.project) o["project"] = *r.project;
  if (!r.matches.empty()) {
    boost::json::array arr;
    for (const auto& m : r.matches)
      arr.push_back(boost::json::object{{"kind", m.kind}, {"text", m.text}, {"start", m.start}, {"end", m.end}});
    o["matches"] = std::move(arr);
  }
  return o;
}

}  // namespace todo::core
