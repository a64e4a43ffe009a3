#pragma once
// The next occurrence of a completed recurring task (DESIGN §3.4): the first
// occurrence of its rule strictly after both its due date and the completion
// time (missed occurrences are skipped), nothing past COUNT, UNTIL or
// recurrence_end. The new task keeps the reminder offset.
#include <optional>

#include "core/task.h"

namespace todo::services::recurring {

struct SeriesAnchor {
  core::Instant dtstart;  // first occurrence of the series under this rule
  std::string rule;
  std::string timezone;
};

struct NextOccurrence {
  core::Instant due;
  std::optional<core::Instant> reminder_at;
  int index;  // position in the series, dtstart = 1
};

// The anchor applies only while the task still has the rule and zone it was
// made for; otherwise the task's own due date starts a new series.
std::optional<NextOccurrence> next_occurrence(const core::Task& completed, const std::optional<SeriesAnchor>& anchor);

}  // namespace todo::services::recurring
