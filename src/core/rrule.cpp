#include "core/rrule.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <utility>

#include "core/strings.h"

// Choices made for the RFC 5545 subset (see also core/recurrence.cpp):
// - UNTIL accepts the UTC date-time form 19970714T173000Z, RFC 3339 text for
//   convenience, and a bare DATE 19970714. RFC 5545 wants UNTIL to be a UTC
//   date-time when DTSTART has a TZID, so a bare date has no time zone to
//   anchor it; we read it as the end of that day in UTC (23:59:59Z), so that
//   "until the 14th" includes every occurrence on the 14th in UTC.
// - UNTIL has second precision like RFC 5545: fractions are truncated.
// - List values keep the order they were written in; duplicates are errors.
//   Keeping the order makes parse_rrule(r.to_string()) == r hold for every
//   valid rule, including rules built in code.
// - BYDAY ordinals (1MO, -1FR) need FREQ=MONTHLY or FREQ=YEARLY, as in RFC
//   5545. With YEARLY and no BYMONTH they count weekdays within the year
//   (20MO = 20th Monday of the year), as RFC 5545 specifies.
// - BYMONTHDAY with FREQ=WEEKLY is N/A in RFC 5545; we accept it and treat it
//   as a limit, like with FREQ=DAILY.

namespace todo::core {
namespace {

constexpr std::size_t kMaxRuleLength = 500;
constexpr int kMaxInterval = 1000;
constexpr int kMaxCount = 10000;
constexpr int kMaxOrdinal = 53;
constexpr int kMaxMonthDay = 31;

constexpr std::array<std::string_view, 7> kWeekdayNames{"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

char upper_ascii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), upper_ascii);
  return out;
}

// Echoes user input inside an error message; bounded and printable so that
// a hostile rule cannot inflate or garble the message.
std::string quoted(std::string_view s) {
  constexpr std::size_t kMaxShown = 24;
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < kMaxShown; ++i) {
    const char c = s[i];
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (s.size() > kMaxShown) out += "...";
  out += '\'';
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const auto pos = s.find(sep);
    out.push_back(s.substr(0, pos));
    if (pos == std::string_view::npos) return out;
    s.remove_prefix(pos + 1);
  }
}

// Decimal digits with an optional sign. Saturates instead of overflowing so
// that "COUNT=99999999999" reports "out of range" rather than "invalid".
std::optional<int> parse_int(std::string_view s, bool allow_sign) {
  constexpr long long kSaturation = 1'000'000'000;
  bool negative = false;
  if (allow_sign && !s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  long long v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = std::min(v * 10 + (c - '0'), kSaturation);
  }
  return static_cast<int>(negative ? -v : v);
}

std::optional<int> parse_weekday(std::string_view s) {
  const std::string u = upper(s);
  for (std::size_t i = 0; i < kWeekdayNames.size(); ++i)
    if (u == kWeekdayNames[i]) return static_cast<int>(i);
  return std::nullopt;
}

std::string format_by_day(const ByDay& d) {
  std::string out = d.ordinal != 0 ? std::to_string(d.ordinal) : std::string{};
  if (d.weekday >= 0 && d.weekday < 7) out += kWeekdayNames[static_cast<std::size_t>(d.weekday)];
  return out;
}

std::string_view frequency_name(Frequency f) {
  switch (f) {
    case Frequency::Daily: return "DAILY";
    case Frequency::Weekly: return "WEEKLY";
    case Frequency::Monthly: return "MONTHLY";
    case Frequency::Yearly: return "YEARLY";
  }
  return "DAILY";
}

// RFC 5545 basic UTC form, 19970714T173000Z; seconds precision.
std::string format_until(Instant t) {
  const std::string iso = format_rfc3339(t);  // 1997-07-14T17:30:00.000Z
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + 'T' + iso.substr(11, 2) + iso.substr(14, 2) +
         iso.substr(17, 2) + 'Z';
}

std::optional<Instant> parse_until(std::string_view v) {
  std::optional<Instant> t;
  const auto basic_date = [&](std::size_t n) {
    return std::string(v.substr(0, 4)) + '-' + std::string(v.substr(4, 2)) + '-' + std::string(v.substr(6, 2)) +
           std::string(v.substr(8, n));
  };
  if (v.size() == 8) {
    t = parse_rfc3339(basic_date(0) + "T23:59:59Z");  // a DATE: end of that day in UTC
  } else if (v.size() == 16 && (v[8] == 'T' || v[8] == 't') && (v[15] == 'Z' || v[15] == 'z')) {
    const std::string hhmmss(v.substr(9, 6));
    t = parse_rfc3339(basic_date(0) + 'T' + hhmmss.substr(0, 2) + ':' + hhmmss.substr(2, 2) + ':' +
                      hhmmss.substr(4, 2) + 'Z');
  } else if (v.find('-') != std::string_view::npos) {
    t = parse_rfc3339(v);
  }
  if (!t) return std::nullopt;
  return std::chrono::floor<std::chrono::seconds>(*t);
}

bool fail(RRuleError* error, std::string message) {
  if (error) error->message = std::move(message);
  return false;
}

template <class T>
bool has_duplicate(const std::vector<T>& values, T* duplicate) {
  for (std::size_t i = 0; i < values.size(); ++i)
    for (std::size_t j = i + 1; j < values.size(); ++j)
      if (values[i] == values[j]) {
        *duplicate = values[i];
        return true;
      }
  return false;
}

bool validate_by_day(const RRule& rule, RRuleError* error) {
  for (const ByDay& d : rule.by_day) {
    if (d.weekday < 0 || d.weekday > 6) return fail(error, "BYDAY: weekday out of range");
    if (std::abs(d.ordinal) > kMaxOrdinal)
      return fail(error, "BYDAY: ordinal in " + quoted(format_by_day(d)) + " must be 1..53 or -53..-1");
    if (d.ordinal != 0 && rule.freq != Frequency::Monthly && rule.freq != Frequency::Yearly)
      return fail(error, "BYDAY: ordinals such as " + quoted(format_by_day(d)) +
                             " need FREQ=MONTHLY or FREQ=YEARLY");
  }
  ByDay dup;
  if (has_duplicate(rule.by_day, &dup)) return fail(error, "BYDAY: duplicate value " + quoted(format_by_day(dup)));
  return true;
}

bool validate_lists(const RRule& rule, RRuleError* error) {
  for (const int d : rule.by_month_day)
    if (d == 0 || std::abs(d) > kMaxMonthDay)
      return fail(error, "BYMONTHDAY: " + std::to_string(d) + " is out of range (1..31 or -31..-1)");
  for (const int m : rule.by_month)
    if (m < 1 || m > 12) return fail(error, "BYMONTH: " + std::to_string(m) + " is out of range (1..12)");
  int dup = 0;
  if (has_duplicate(rule.by_month_day, &dup)) return fail(error, "BYMONTHDAY: duplicate value " + std::to_string(dup));
  if (has_duplicate(rule.by_month, &dup)) return fail(error, "BYMONTH: duplicate value " + std::to_string(dup));
  return true;
}

bool validate_end(const RRule& rule, RRuleError* error) {
  if (rule.count && rule.until) return fail(error, "COUNT and UNTIL cannot be combined");
  if (rule.count && (*rule.count < 1 || *rule.count > kMaxCount))
    return fail(error, "COUNT: must be between 1 and 10000");
  if (rule.until) {
    // Keeps to_string() within the four-digit years of the basic format, and
    // within what the platform can store.
    if (*rule.until < kMinInstant || *rule.until > kMaxInstant) return fail(error, "UNTIL: year out of range");
  }
  return true;
}

// Collects the parts of an RRULE; each method returns false and fills the
// error when its part is malformed.
class RuleParser {
 public:
  explicit RuleParser(RRuleError* error) : error_(error) {}

  bool add_part(std::string_view part) {
    if (part.empty()) return fail(error_, "empty rule part");
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return fail(error_, "rule part without '=': " + quoted(part));
    const std::string name = upper(part.substr(0, eq));
    const std::string_view value = part.substr(eq + 1);
    if (!is_known(name)) return fail(error_, "unsupported rule part: " + quoted_name(name));
    if (std::find(seen_.begin(), seen_.end(), name) != seen_.end())
      return fail(error_, "duplicate rule part: " + name);
    seen_.push_back(name);
    if (value.empty()) return fail(error_, name + ": empty value");
    if (name == "FREQ") return set_freq(value);
    if (name == "INTERVAL") return set_int(name, value, rule_.interval);
    if (name == "COUNT") return set_int(name, value, rule_.count.emplace());
    if (name == "UNTIL") return set_until(value);
    if (name == "BYDAY") return set_by_day(value);
    if (name == "BYMONTHDAY") return set_int_list(name, value, true, rule_.by_month_day);
    return set_int_list(name, value, false, rule_.by_month);
  }

  std::optional<RRule> finish() {
    if (std::find(seen_.begin(), seen_.end(), "FREQ") == seen_.end()) {
      fail(error_, "FREQ is required");
      return std::nullopt;
    }
    if (!validate_rrule(rule_, error_)) return std::nullopt;
    return rule_;
  }

 private:
  static bool is_known(const std::string& name) {
    static constexpr std::array<std::string_view, 7> kKnown{"FREQ",  "INTERVAL", "BYDAY", "BYMONTHDAY",
                                                            "BYMONTH", "COUNT",  "UNTIL"};
    return std::find(kKnown.begin(), kKnown.end(), name) != kKnown.end();
  }

  // The name is shown as an identifier, not a quoted value, when it looks like one.
  static std::string quoted_name(const std::string& name) {
    const bool plain = !name.empty() && name.size() <= 24 &&
                       std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '-'; });
    return plain ? name : quoted(name);
  }

  bool set_freq(std::string_view value) {
    const std::string u = upper(value);
    if (u == "DAILY") rule_.freq = Frequency::Daily;
    else if (u == "WEEKLY") rule_.freq = Frequency::Weekly;
    else if (u == "MONTHLY") rule_.freq = Frequency::Monthly;
    else if (u == "YEARLY") rule_.freq = Frequency::Yearly;
    else if (u == "SECONDLY" || u == "MINUTELY" || u == "HOURLY")
      return fail(error_, "FREQ: unsupported frequency " + u);
    else
      return fail(error_, "FREQ: invalid value " + quoted(value));
    return true;
  }

  bool set_int(const std::string& name, std::string_view value, int& out) {
    const auto v = parse_int(value, false);
    if (!v) return fail(error_, name + ": invalid number " + quoted(value));
    if (name == "INTERVAL" && (*v < 1 || *v > kMaxInterval))
      return fail(error_, "INTERVAL: must be between 1 and 1000");
    out = *v;
    return true;
  }

  bool set_until(std::string_view value) {
    const auto t = parse_until(value);
    if (!t) return fail(error_, "UNTIL: invalid date-time " + quoted(value) + " (expected 19970714T173000Z)");
    rule_.until = *t;
    return true;
  }

  bool set_by_day(std::string_view value) {
    for (const std::string_view item : split(value, ',')) {
      if (item.empty()) return fail(error_, "BYDAY: empty list item");
      const auto weekday = item.size() >= 2 ? parse_weekday(item.substr(item.size() - 2)) : std::nullopt;
      if (!weekday) return fail(error_, "BYDAY: unknown weekday " + quoted(item));
      ByDay d{*weekday, 0};
      const std::string_view ordinal = item.substr(0, item.size() - 2);
      if (!ordinal.empty()) {
        const auto n = parse_int(ordinal, true);
        if (!n) return fail(error_, "BYDAY: invalid ordinal in " + quoted(item));
        if (*n == 0 || std::abs(*n) > kMaxOrdinal)
          return fail(error_, "BYDAY: ordinal in " + quoted(item) + " must be 1..53 or -53..-1");
        d.ordinal = *n;
      }
      rule_.by_day.push_back(d);
    }
    return true;
  }

  bool set_int_list(const std::string& name, std::string_view value, bool allow_sign, std::vector<int>& out) {
    for (const std::string_view item : split(value, ',')) {
      if (item.empty()) return fail(error_, name + ": empty list item");
      const auto v = parse_int(item, allow_sign);
      if (!v) return fail(error_, name + ": invalid number " + quoted(item));
      out.push_back(*v);
    }
    return true;
  }

  RRuleError* error_;
  RRule rule_;
  std::vector<std::string> seen_;
};

std::optional<Frequency> shorthand(std::string_view text) {
  const std::string u = upper(text);
  if (u == "DAILY") return Frequency::Daily;
  if (u == "WEEKLY") return Frequency::Weekly;
  if (u == "MONTHLY") return Frequency::Monthly;
  if (u == "YEARLY") return Frequency::Yearly;
  return std::nullopt;
}

}  // namespace

std::string RRule::to_string() const {
  std::string out = "FREQ=";
  out += frequency_name(freq);
  if (interval != 1) out += ";INTERVAL=" + std::to_string(interval);
  const auto append_list = [&out](std::string_view name, const auto& values, auto format) {
    if (values.empty()) return;
    out += ';';
    out += name;
    out += '=';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ',';
      out += format(values[i]);
    }
  };
  const auto number = [](int v) { return std::to_string(v); };
  append_list("BYDAY", by_day, format_by_day);
  append_list("BYMONTHDAY", by_month_day, number);
  append_list("BYMONTH", by_month, number);
  if (count) out += ";COUNT=" + std::to_string(*count);
  if (until) out += ";UNTIL=" + format_until(*until);
  return out;
}

bool validate_rrule(const RRule& rule, RRuleError* error) {
  if (rule.interval < 1 || rule.interval > kMaxInterval) return fail(error, "INTERVAL: must be between 1 and 1000");
  return validate_by_day(rule, error) && validate_lists(rule, error) && validate_end(rule, error);
}

std::optional<RRule> parse_rrule(std::string_view text, RRuleError* error) {
  if (text.size() > kMaxRuleLength) {
    fail(error, "rule is too long (at most 500 characters)");
    return std::nullopt;
  }
  text = trim_ascii(text);
  if (const auto f = shorthand(text)) {
    RRule rule;
    rule.freq = *f;
    return rule;
  }
  constexpr std::string_view kPrefix = "RRULE:";
  if (text.size() >= kPrefix.size() && upper(text.substr(0, kPrefix.size())) == kPrefix)
    text.remove_prefix(kPrefix.size());
  if (!text.empty() && text.back() == ';') text.remove_suffix(1);  // one trailing ';' is tolerated
  if (text.empty()) {
    fail(error, "empty rule");
    return std::nullopt;
  }
  RuleParser parser(error);
  for (const std::string_view part : split(text, ';'))
    if (!parser.add_part(part)) return std::nullopt;
  auto rule = parser.finish();
  // The canonical text is what is stored and sent back; it can be longer
  // than the input (a date UNTIL prints as a date-time), and it must parse
  // again, so the limit applies to it too.
  if (rule && rule->to_string().size() > kMaxRuleLength) {
    fail(error, "rule is too long (at most 500 characters, UNTIL counted as a date-time)");
    return std::nullopt;
  }
  return rule;
}

}  // namespace todo::core
