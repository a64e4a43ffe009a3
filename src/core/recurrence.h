#pragma once
// Occurrences of a recurrence rule in an IANA time zone (RFC 5545 semantics
// with DTSTART;TZID=...): weekdays, month days and the time of day are those
// of the local wall clock, so a weekly 09:00 Europe/Berlin task stays at 09:00
// across daylight-saving changes.
#include <optional>
#include <string>
#include <string_view>

#include "core/rrule.h"
#include "core/time.h"

namespace todo::core {

// True if `name` is a time zone known to the system tz database ("UTC",
// "Europe/Berlin"...).
bool is_valid_timezone(std::string_view name);

struct Occurrence {
  Instant at;
  int index = 1;  // 1-based position in the series; dtstart itself is 1
};

// The first occurrence of `rule` strictly after `after`, for a series whose
// first occurrence (DTSTART) is `dtstart`, evaluated in time zone `tz`.
// Returns nullopt when the series ends first (COUNT, UNTIL, or `end`, an
// inclusive upper bound such as a task's recurrence_end) or if `tz` is unknown.
std::optional<Occurrence> next_occurrence(const RRule& rule, Instant dtstart, std::string_view tz, Instant after,
                                          std::optional<Instant> end = std::nullopt);

}  // namespace todo::core
