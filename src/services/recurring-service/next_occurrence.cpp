#include "services/recurring-service/next_occurrence.h"

#include <algorithm>

#include "core/recurrence.h"
#include "core/rrule.h"

namespace todo::services::recurring {

std::optional<NextOccurrence> next_occurrence(const core::Task& t, const std::optional<SeriesAnchor>& anchor) {
  if (!t.recurrence || !t.due_date) return std::nullopt;
  const auto rule = core::parse_rrule(*t.recurrence);
  if (!rule) return std::nullopt;
  const bool same_series = anchor && anchor->rule == *t.recurrence && anchor->timezone == t.timezone &&
                           anchor->dtstart <= *t.due_date;
  const auto dtstart = same_series ? anchor->dtstart : *t.due_date;
  const auto after = std::max(*t.due_date, t.completed_at.value_or(*t.due_date));
  const auto next = core::next_occurrence(*rule, dtstart, t.timezone, after, t.recurrence_end);
  if (!next) return std::nullopt;
  NextOccurrence out{next->at, std::nullopt, next->index};
  if (t.reminder_at) out.reminder_at = next->at - (*t.due_date - *t.reminder_at);
  return out;
}

}  // namespace todo::services::recurring
