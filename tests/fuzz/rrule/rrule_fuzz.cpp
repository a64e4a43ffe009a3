// core::parse_rrule, RRule::to_string and core::next_occurrence
// (src/core/rrule.h, src/core/recurrence.h).
//
// Input: lines separated by '\n' (later ones optional):
//   1. the rule text                       FREQ=MONTHLY;BYDAY=-1FR;COUNT=12
//   2. DTSTART, RFC 3339                   2026-01-30T09:00:00Z   (default)
//   3. the time zone                       Europe/Berlin          (default)
//   4. an instant to jump to, RFC 3339     (default: none)
//   5. the series' end (recurrence_end)    (default: none)
//
// Properties:
// - parsing never crashes, leaks or hits UB; a refusal always says why;
// - every accepted rule validates, and parse(to_string(r)) == r with a stable
//   canonical text (also with the "RRULE:" prefix);
// - stepping through the series (at most kSteps occurrences): dtstart is
//   occurrence 1 when it is after the query, every answer is strictly after
//   the query and within UNTIL/end/COUNT, indexes go up by one (two
//   candidates a skipped calendar day maps to the same instant excepted),
//   and the first occurrence after (o.at - 1 ms) is o itself;
// - the jump (line 4) answers the same occurrence as stepping does, when the
//   steps reached that far.
#include <cctz/time_zone.h>

#include <optional>
#include <string>
#include <vector>

#include "core/recurrence.h"
#include "core/rrule.h"
#include "fuzz_common.h"

using namespace todo;
using core::Instant;

namespace {

constexpr int kSteps = 24;

std::vector<std::string_view> lines(std::string_view s) {
  std::vector<std::string_view> out;
  while (out.size() < 5) {
    const auto nl = s.find('\n');
    out.push_back(s.substr(0, nl));
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return out;
}

std::string at(Instant t) { return core::format_rfc3339(t) + " (" + std::to_string(core::to_unix_ms(t)) + " ms)"; }

// A jump of the UTC offset by about a day near `t`: a zone that skipped a
// calendar day (Pacific/Apia on 2011-12-30) maps two candidate dates to one
// instant, and the occurrence after that instant skips an index.
bool day_skipped_near(std::string_view tz, Instant t) {
  cctz::time_zone zone;
  if (!cctz::load_time_zone(std::string(tz), &zone)) return false;
  const auto s = std::chrono::floor<cctz::seconds>(t);
  const auto before = zone.lookup(s - std::chrono::hours(72)).offset;
  const auto after = zone.lookup(s + std::chrono::hours(72)).offset;
  return std::abs(after - before) >= 20 * 3600;
}

void check_series(const core::RRule& rule, const std::string& text, std::string_view input) {
  const auto ls = lines(input);
  const auto dtstart = core::parse_rfc3339(ls.size() > 1 && !ls[1].empty() ? ls[1] : "2026-01-30T09:00:00Z");
  if (!dtstart) return;
  const std::string tz(ls.size() > 2 && !ls[2].empty() ? ls[2] : "Europe/Berlin");
  const auto jump = ls.size() > 3 ? core::parse_rfc3339(ls[3]) : std::nullopt;
  const auto end = ls.size() > 4 ? core::parse_rfc3339(ls[4]) : std::nullopt;
  if (!core::is_valid_timezone(tz)) {
    FUZZ_CHECK(!core::next_occurrence(rule, *dtstart, tz, *dtstart - core::Millis(1), end),
               "an occurrence in unknown zone '%s'", fuzz::excerpt(tz).c_str());
    return;
  }

  std::vector<core::Occurrence> seq;
  Instant query = *dtstart - core::Millis(1);
  for (int i = 0; i < kSteps; ++i) {
    const auto o = core::next_occurrence(rule, *dtstart, tz, query, end);
    if (!o) break;
    const char* r = text.c_str();
    FUZZ_CHECK(o->at > query, "%s: occurrence %s is not after %s", r, at(o->at).c_str(), at(query).c_str());
    if (i == 0) FUZZ_CHECK(o->at == *dtstart && o->index == 1, "%s: dtstart is not occurrence 1", r);
    if (rule.until) FUZZ_CHECK(o->at <= *rule.until, "%s: %s is past UNTIL", r, at(o->at).c_str());
    if (end) FUZZ_CHECK(o->at <= *end, "%s: %s is past the end %s", r, at(o->at).c_str(), at(*end).c_str());
    if (rule.count) FUZZ_CHECK(o->index <= *rule.count, "%s: index %d is past COUNT", r, o->index);
    if (!seq.empty()) {
      const auto& prev = seq.back();
      FUZZ_CHECK(o->index == prev.index + 1 || (o->index > prev.index && day_skipped_near(tz, prev.at)),
                 "%s in %s: occurrence %d at %s follows occurrence %d at %s", r, tz.c_str(), o->index,
                 at(o->at).c_str(), prev.index, at(prev.at).c_str());
    }
    const auto again = core::next_occurrence(rule, *dtstart, tz, o->at - core::Millis(1), end);
    FUZZ_CHECK(again && again->at == o->at, "%s in %s: the first occurrence after %s is %s, not %s", r, tz.c_str(),
               at(o->at - core::Millis(1)).c_str(), again ? at(again->at).c_str() : "none", at(o->at).c_str());
    seq.push_back(*o);
    query = o->at;
  }

  if (jump) {
    const auto o = core::next_occurrence(rule, *dtstart, tz, *jump, end);
    if (o) FUZZ_CHECK(o->at > *jump, "%s: jump answer %s is not after %s", text.c_str(), at(o->at).c_str(),
                      at(*jump).c_str());
    const bool covered = seq.size() == static_cast<size_t>(kSteps) ? seq.back().at > *jump : true;
    if (covered) {
      std::optional<core::Occurrence> expected;
      for (const auto& s : seq)
        if (s.at > *jump) {
          expected = s;
          break;
        }
      FUZZ_CHECK(o.has_value() == expected.has_value() && (!o || (o->at == expected->at && o->index == expected->index)),
                 "%s in %s from %s: after %s stepping gives %s #%d, a jump gives %s #%d", text.c_str(), tz.c_str(),
                 at(*dtstart).c_str(), at(*jump).c_str(), expected ? at(expected->at).c_str() : "none",
                 expected ? expected->index : 0, o ? at(o->at).c_str() : "none", o ? o->index : 0);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto input = fuzz::as_text(data, size);
  const auto rule_text = input.substr(0, input.find('\n'));
  core::RRuleError error;
  const auto rule = core::parse_rrule(rule_text, &error);
  if (!rule) {
    FUZZ_CHECK(!error.message.empty(), "refused \"%s\" without a message", fuzz::excerpt(rule_text).c_str());
    FUZZ_CHECK(error.message.size() < 300, "an unbounded message: %s", fuzz::excerpt(error.message).c_str());
    return 0;
  }
  FUZZ_CHECK(core::validate_rrule(*rule), "accepted \"%s\" does not validate", fuzz::excerpt(rule_text).c_str());
  const std::string text = rule->to_string();
  core::RRuleError again_error;
  const auto again = core::parse_rrule(text, &again_error);
  FUZZ_CHECK(again.has_value(), "\"%s\" printed as \"%s\", which does not parse: %s", fuzz::excerpt(rule_text).c_str(),
             text.c_str(), again_error.message.c_str());
  FUZZ_CHECK(*again == *rule, "\"%s\" printed as \"%s\" parses to another rule", fuzz::excerpt(rule_text).c_str(),
             text.c_str());
  FUZZ_CHECK(again->to_string() == text, "canonical text is not stable: \"%s\" then \"%s\"", text.c_str(),
             again->to_string().c_str());
  if (text.size() + 6 <= 500) {  // the prefix counts towards the 500 characters a rule may have
    const auto prefixed = core::parse_rrule("RRULE:" + text);
    FUZZ_CHECK(prefixed && *prefixed == *rule, "\"RRULE:%s\" is not the same rule", text.c_str());
  }

  check_series(*rule, text, input);
  return 0;
}
