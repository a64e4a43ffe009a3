#pragma once
// Recurrence of a completed task (DESIGN §3.4), as pure functions.
//
// The next occurrence is the first occurrence of the task's rule strictly
// after both its due date and its completion time (missed occurrences are
// skipped), nothing past COUNT, UNTIL or recurrence_end. It keeps the
// reminder offset. The rule is evaluated from the series' start (RFC 5545
// DTSTART): COUNT and the phase of INTERVAL count from there.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/task.h"

namespace todo::services::recurring {

struct SeriesAnchor {
  core::Instant dtstart;  // first occurrence of the series under this rule
  std::string rule;
  std::string timezone;
};

// Where the series of a task with this rule, zone and due date starts: the
// anchor while it still applies (same rule and zone, and not after the due
// date), else the due date itself (a new series).
core::Instant series_start(const std::optional<SeriesAnchor>& anchor, const std::string& rule,
                           const std::string& timezone, core::Instant due_date);

struct NextOccurrence {
  core::Instant due;
  std::optional<core::Instant> reminder_at;
  int index;  // position in the series, dtstart = 1
};

std::optional<NextOccurrence> next_occurrence(const core::Task& completed, const std::optional<SeriesAnchor>& anchor);

// The body of todo-api's POST /internal/next-occurrence for it: the fields
// of a create (title, description, priority, tags, recurrence, timezone,
// project, the new due date and reminder) and the parent.
boost::json::object next_occurrence_body(const core::Task& completed, const NextOccurrence& next);

}  // namespace todo::services::recurring
