#include "services/recurring-service/next_occurrence.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/recurrence.h"
#include "core/rrule.h"

namespace todo::services::recurring {
namespace json = boost::json;

core::Instant series_start(const std::optional<SeriesAnchor>& anchor, const std::string& rule,
                           const std::string& timezone, core::Instant due_date) {
  const bool same_series =
      anchor && anchor->rule == rule && anchor->timezone == timezone && anchor->dtstart <= due_date;
  return same_series ? anchor->dtstart : due_date;
}

std::optional<NextOccurrence> next_occurrence(const core::Task& t, const std::optional<SeriesAnchor>& anchor) {
  if (!t.recurrence || !t.due_date) return std::nullopt;
  const auto rule = core::parse_rrule(*t.recurrence);
  if (!rule) return std::nullopt;
  const auto dtstart = series_start(anchor, *t.recurrence, t.timezone, *t.due_date);
  const auto after = std::max(*t.due_date, t.completed_at.value_or(*t.due_date));
  const auto next = core::next_occurrence(*rule, dtstart, t.timezone, after, t.recurrence_end);
  // Past year 9999 nothing can be stored: the series ends there.
  if (!next || next->at > core::kMaxInstant) return std::nullopt;
  NextOccurrence out{next->at, std::nullopt, next->index};
  if (t.reminder_at) {
    const auto reminder = next->at - (*t.due_date - *t.reminder_at);
    if (reminder >= core::kMinInstant) out.reminder_at = reminder;
  }
  return out;
}

json::object next_occurrence_body(const core::Task& t, const NextOccurrence& next) {
  return json::object{{"user_id", t.user_id},
                      {"parent_task_id", t.id},
                      {"task", json::object{{"title", t.title},
                                            {"description", t.description},
                                            {"priority", core::to_string(t.priority)},
                                            {"tags", core::json_array(t.tags)},
                                            {"due_date", core::format_rfc3339(next.due)},
                                            {"reminder_at", core::json_or_null(next.reminder_at)},
                                            {"recurrence", core::json_or_null(t.recurrence)},
                                            {"recurrence_end", core::json_or_null(t.recurrence_end)},
                                            {"timezone", t.timezone},
                                            {"project_id", core::json_or_null(t.project_id)}}}};
}

}  // namespace todo::services::recurring
