#include "core/recurrence.h"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/civil_calendar.h"

// How a rule is expanded (RFC 5545 with DTSTART;TZID=tz), and what we chose
// where the RFC leaves room:
// - Every occurrence has the local wall-clock time of dtstart; days are
//   enumerated in local civil time, one "period" (day, week from Monday,
//   month or year) every INTERVAL periods counted from dtstart's period.
// - Parts the rule leaves open come from dtstart like in RFC 5545: WEEKLY
//   without BYDAY uses dtstart's weekday; MONTHLY without BYDAY/BYMONTHDAY
//   uses dtstart's day of month; YEARLY without BYMONTH/BYDAY/BYMONTHDAY uses
//   dtstart's month and day. Days that do not exist (the 31st of a 30-day
//   month, Feb 29 in common years) are skipped, never clamped.
// - BYMONTH limits DAILY/WEEKLY/MONTHLY and expands YEARLY. With YEARLY,
//   BYDAY/BYMONTHDAY without BYMONTH apply to every month (RFC 5545), and a
//   BYDAY ordinal then counts within the year (20MO = 20th Monday).
// - BYMONTHDAY limits DAILY and WEEKLY (N/A in RFC 5545 for WEEKLY; accepted
//   as a limit here) and expands MONTHLY/YEARLY. BYDAY limits DAILY, expands
//   WEEKLY, and expands MONTHLY/YEARLY unless BYMONTHDAY is present, in which
//   case a day must match both.
// - dtstart is always occurrence 1, whether or not it matches the rule.
//   Candidates on dtstart's local date or earlier are not occurrences.
// - Local time to instant: a wall time skipped by a DST gap (02:30 on a
//   spring-forward day) is read with the offset in force before the gap,
//   which lands after the gap (02:30 CET = 03:30 CEST); an ambiguous wall
//   time (fall-back) takes the first, earlier instant. Both are cctz's
//   `civil_lookup::pre` and match RFC 5545 §3.3.5.
// - Indexes count local candidate dates. Only a zone that skips a whole
//   calendar day (Pacific/Apia, 2011-12-30) can map two of them to the same
//   instant; both keep their own index then.
// - Supported local years are 1..9999; a series ends at the end of 9999.
// - Termination: the Gregorian calendar repeats every 400 years, so the
//   candidate pattern of a rule repeats every `cycle` periods. Whole cycles
//   between dtstart and `after` are counted arithmetically, and a search that
//   sees a full cycle of periods without a candidate stops (there will never
//   be one). No rule scans more than about three cycles of periods.

namespace todo::core {
namespace {

constexpr std::size_t kMaxZoneNameLength = 64;
constexpr long long kFirstYear = 1;
constexpr long long kLastYear = 9999;

// IANA names only use these characters. Everything else ("..", absolute
// paths, cctz's "file:" and "Fixed/UTC+01:00" forms) is rejected before cctz
// sees it, so user input cannot make it read arbitrary files.
bool has_zone_name_syntax(std::string_view name) {
  if (name.empty() || name.size() > kMaxZoneNameLength) return false;
  if (name.front() == '/' || name.back() == '/') return false;
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) return false;
  if (name == "localtime") return false;  // cctz maps it to the host's zone, which differs between machines
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
           c == '-' || c == '+';
  });
}

// Only zones that loaded are kept, so the map is bounded by the tz database.
std::optional<cctz::time_zone> find_zone(std::string_view name) {
  if (!has_zone_name_syntax(name)) return std::nullopt;
  static std::mutex mutex;
  static std::unordered_map<std::string, cctz::time_zone> zones;
  const std::string key(name);
  const std::lock_guard lock(mutex);
  if (const auto it = zones.find(key); it != zones.end()) return it->second;
  // cctz remembers every name it was asked for, found or not; only names that
  // exist in the tz database reach it, so user input cannot grow its cache.
  static const std::string tzdir = [] {
    const char* d = std::getenv("TZDIR");
    return std::string(d && *d ? d : "/usr/share/zoneinfo");
  }();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(tzdir + "/" + key, ec)) return std::nullopt;
  cctz::time_zone tz;
  if (!cctz::load_time_zone(key, &tz)) return std::nullopt;
  zones.emplace(key, tz);
  return tz;
}

int days_in_year(cctz::civil_day d) { return is_leap_year(d.year()) ? 366 : 365; }

// Position of a day among the same weekdays of its month or year, counted
// from the start (1 = first) and from the end (1 = last).
struct WeekdayRank {
  int from_start;
  int from_end;
};

WeekdayRank rank_in_month(cctz::civil_day d) {
  const int day = d.day();
  return {(day - 1) / 7 + 1, (days_in_month(d) - day) / 7 + 1};
}

WeekdayRank rank_in_year(cctz::civil_day d) {
  const int day = cctz::get_yearday(d);
  return {(day - 1) / 7 + 1, (days_in_year(d) - day) / 7 + 1};
}

// The rule with the parts it leaves open filled in from dtstart, plus the
// anchors of period 0.
class Plan {
 public:
  Plan(const RRule& rule, cctz::civil_day start)
      : freq_(rule.freq),
        interval_(rule.interval),
        start_(start),
        week0_(start - weekday_index(start)),
        month0_(start),
        year0_(start),
        year_scope_ordinals_(rule.freq == Frequency::Yearly && rule.by_month.empty()) {
    const bool has_day_parts = !rule.by_day.empty() || !rule.by_month_day.empty();
    const bool monthly_or_yearly = freq_ == Frequency::Monthly || freq_ == Frequency::Yearly;
    months_.fill(rule.by_month.empty() && !(freq_ == Frequency::Yearly && !has_day_parts));
    for (const int m : rule.by_month) months_[static_cast<std::size_t>(m)] = true;
    if (freq_ == Frequency::Yearly && rule.by_month.empty() && !has_day_parts)
      months_[static_cast<std::size_t>(start.month())] = true;
    month_days_ = rule.by_month_day;
    if (monthly_or_yearly && !has_day_parts) month_days_.push_back(start.day());
    for (const ByDay& d : rule.by_day) {
      if (d.ordinal == 0) weekdays_[static_cast<std::size_t>(d.weekday)] = true;
      else nth_weekdays_.push_back(d);
    }
    if (freq_ == Frequency::Weekly && rule.by_day.empty())
      weekdays_[static_cast<std::size_t>(weekday_index(start))] = true;
    check_weekday_ = !rule.by_day.empty() || freq_ == Frequency::Weekly;
    calendar_limits_ = !rule.by_month.empty() || !rule.by_month_day.empty();
  }

  // Periods after which the candidate pattern repeats: INTERVAL-sized steps
  // that add up to a whole number of 400-year Gregorian cycles, or of weeks
  // when only weekdays matter.
  long long cycle_periods() const {
    long long units = 0;
    switch (freq_) {
      case Frequency::Daily: units = calendar_limits_ ? 146097 : 7; break;  // days in 400 years
      case Frequency::Weekly: units = calendar_limits_ ? 20871 : 1; break;  // weeks in 400 years
      case Frequency::Monthly: units = 4800; break;
      case Frequency::Yearly: units = 400; break;
    }
    return units / std::gcd(units, static_cast<long long>(interval_));
  }

  // Index of the period containing `d`; -1 before period 0.
  long long period_of(cctz::civil_day d) const {
    if (d < start_) return -1;
    switch (freq_) {
      case Frequency::Daily: return (d - start_) / interval_;
      case Frequency::Weekly: return (d - week0_) / 7 / interval_;
      case Frequency::Monthly: return (cctz::civil_month(d) - month0_) / interval_;
      case Frequency::Yearly: return (cctz::civil_year(d) - year0_) / interval_;
    }
    return -1;
  }

  cctz::civil_day period_start(long long k) const {
    const long long step = k * interval_;
    switch (freq_) {
      case Frequency::Daily: return start_ + step;
      case Frequency::Weekly: return week0_ + 7 * step;
      case Frequency::Monthly: return cctz::civil_day(month0_ + step);
      case Frequency::Yearly: return cctz::civil_day(year0_ + step);
    }
    return start_;
  }

  // The start of the period after the one starting at `first`. Stepping is
  // cheaper than period_start(k), which normalizes a large offset.
  cctz::civil_day next_period_start(cctz::civil_day first) const {
    switch (freq_) {
      case Frequency::Daily: return first + interval_;
      case Frequency::Weekly: return first + 7 * interval_;
      case Frequency::Monthly: return cctz::civil_day(cctz::civil_month(first) + interval_);
      case Frequency::Yearly: return cctz::civil_day(cctz::civil_year(first) + interval_);
    }
    return first;
  }

  // Calls emit(day) for each candidate day of the period starting at `first`
  // in ascending order; stops early when emit returns false. Returns false
  // if stopped.
  template <class Emit>
  bool for_each_candidate(cctz::civil_day first, Emit&& emit) const {
    switch (freq_) {
      case Frequency::Daily: return !matches(first) || emit(first);
      case Frequency::Weekly: return scan(first, first + 7, emit);
      case Frequency::Monthly: return scan(first, cctz::civil_day(cctz::civil_month(first) + 1), emit);
      case Frequency::Yearly:
        for (int m = 1; m <= 12; ++m) {
          if (!months_[static_cast<std::size_t>(m)]) continue;
          const cctz::civil_month month(first.year(), m);
          if (!scan(cctz::civil_day(month), cctz::civil_day(month + 1), emit)) return false;
        }
        return true;
    }
    return true;
  }

  cctz::civil_day start() const { return start_; }

 private:
  template <class Emit>
  bool scan(cctz::civil_day from, cctz::civil_day to, Emit& emit) const {
    for (cctz::civil_day d = from; d < to; ++d)
      if (matches(d) && !emit(d)) return false;
    return true;
  }

  bool matches(cctz::civil_day d) const {
    if (!months_[static_cast<std::size_t>(d.month())]) return false;
    if (!month_days_.empty() && !matches_month_day(d)) return false;
    return !check_weekday_ || matches_weekday(d);
  }

  bool matches_month_day(cctz::civil_day d) const {
    const int day = d.day();
    const int last = days_in_month(d);
    return std::any_of(month_days_.begin(), month_days_.end(),
                       [&](int md) { return md > 0 ? day == md : day == last + md + 1; });
  }

  bool matches_weekday(cctz::civil_day d) const {
    const int wd = weekday_index(d);
    if (weekdays_[static_cast<std::size_t>(wd)]) return true;
    if (nth_weekdays_.empty()) return false;
    const WeekdayRank rank = year_scope_ordinals_ ? rank_in_year(d) : rank_in_month(d);
    return std::any_of(nth_weekdays_.begin(), nth_weekdays_.end(), [&](const ByDay& b) {
      return b.weekday == wd && (b.ordinal > 0 ? rank.from_start == b.ordinal : rank.from_end == -b.ordinal);
    });
  }

  Frequency freq_;
  int interval_;
  cctz::civil_day start_;
  cctz::civil_day week0_;
  cctz::civil_month month0_;
  cctz::civil_year year0_;
  bool year_scope_ordinals_;
  std::array<bool, 13> months_{};  // index 1..12
  std::vector<int> month_days_;    // empty: any day
  std::array<bool, 7> weekdays_{};
  std::vector<ByDay> nth_weekdays_;
  bool check_weekday_ = false;
  bool calendar_limits_ = false;  // BYMONTH or BYMONTHDAY given
};

cctz::time_point<cctz::seconds> to_cctz(Instant t) { return std::chrono::floor<cctz::seconds>(t); }

// Walks the candidates after dtstart and stops at the first one past `after`.
class Search {
 public:
  Search(const RRule& rule, const Plan& plan, const cctz::time_zone& tz, Instant dtstart, Instant after,
         std::optional<Instant> bound)
      : rule_(rule), plan_(plan), tz_(tz), after_(after), bound_(bound) {
    const auto local = tz.lookup(to_cctz(dtstart)).cs;
    time_of_day_ = local - cctz::civil_second(cctz::civil_day(local));
    fraction_ = dtstart - std::chrono::floor<std::chrono::seconds>(dtstart);
    // Offsets of one zone differ by far less than two days, so a candidate
    // dated three days before `after`'s local date is certainly not after it
    // and needs no time zone lookup.
    sure_before_ = cctz::civil_day(tz.lookup(to_cctz(after)).cs) - 3;
  }

  std::optional<Occurrence> run() {
    if (!visit_period(plan_.period_start(0))) return result_;
    long long k = 1;
    const long long cycle = plan_.cycle_periods();
    const long long last_sure_period = plan_.period_of(sure_before_ - 1) - 1;
    if (last_sure_period >= cycle) {
      // Periods 1..last_sure_period end before `after`; count whole cycles.
      long long per_cycle = 0;
      cctz::civil_day first = plan_.period_start(1);
      for (long long i = 1; i <= cycle; ++i, first = plan_.next_period_start(first))
        plan_.for_each_candidate(first, [&per_cycle](cctz::civil_day) {
          ++per_cycle;
          return true;
        });
      if (per_cycle == 0) return std::nullopt;
      const long long cycles = last_sure_period / cycle;
      index_ += cycles * per_cycle;
      if (rule_.count && index_ > *rule_.count) return std::nullopt;
      k = 1 + cycles * cycle;
    }
    cctz::civil_day first = plan_.period_start(k);
    for (long long empty_run = 0; empty_run < cycle; first = plan_.next_period_start(first)) {
      if (first.year() > kLastYear) return std::nullopt;
      const long long before = index_;
      if (!visit_period(first)) return result_;
      empty_run = index_ == before ? empty_run + 1 : 0;
    }
    return std::nullopt;
  }

 private:
  // False when the search is over (result_ holds the answer, or nullopt).
  bool visit_period(cctz::civil_day first) {
    return plan_.for_each_candidate(first, [this](cctz::civil_day d) { return visit(d); });
  }

  bool visit(cctz::civil_day d) {
    if (d <= plan_.start()) return true;  // dtstart itself, or before it
    if (d.year() > kLastYear) return false;
    ++index_;
    if (rule_.count && index_ > *rule_.count) return false;
    if (d < sure_before_) return true;
    const Instant at = instant_of(d);
    if (at <= after_) return true;
    if (bound_ && at > *bound_) return false;
    if (index_ <= INT_MAX) result_ = Occurrence{at, static_cast<int>(index_)};
    return false;
  }

  Instant instant_of(cctz::civil_day d) const {
    const auto pre = tz_.lookup(cctz::civil_second(d) + time_of_day_).pre;
    return Instant{std::chrono::duration_cast<Millis>(pre.time_since_epoch())} + fraction_;
  }

  const RRule& rule_;
  const Plan& plan_;
  const cctz::time_zone& tz_;
  Instant after_;
  std::optional<Instant> bound_;
  long long time_of_day_ = 0;
  Millis fraction_{0};
  cctz::civil_day sure_before_;
  long long index_ = 1;  // dtstart
  std::optional<Occurrence> result_;
};

std::optional<Instant> earliest(std::optional<Instant> a, std::optional<Instant> b) {
  if (a && b) return std::min(*a, *b);
  return a ? a : b;
}

}  // namespace

bool is_valid_timezone(std::string_view name) { return find_zone(name).has_value(); }

std::optional<Occurrence> next_occurrence(const RRule& rule, Instant dtstart, std::string_view tz, Instant after,
                                          std::optional<Instant> end) {
  const auto zone = find_zone(tz);
  if (!zone || !validate_rrule(rule)) return std::nullopt;
  const std::optional<Instant> bound = earliest(rule.until, end);
  // Any answer is > after and <= bound.
  if (bound && *bound <= after) return std::nullopt;
  if (dtstart > after) {
    if (bound && dtstart > *bound) return std::nullopt;
    return Occurrence{dtstart, 1};
  }
  const cctz::civil_day start(zone->lookup(to_cctz(dtstart)).cs);
  if (start.year() < kFirstYear || start.year() > kLastYear) return std::nullopt;
  if (zone->lookup(to_cctz(after)).cs.year() > kLastYear) return std::nullopt;
  const Plan plan(rule, start);
  return Search(rule, plan, *zone, dtstart, after, bound).run();
}

}  // namespace todo::core
