#include "services/recurring-service/recurring_repository.h"

namespace todo::services::recurring {

void RecurringRepository::project(const ProjectedTask& t, core::Instant now) {
  c_.exec_deferred(
      "INSERT INTO recurring_reminders (task_id, user_id, title, due_date, reminder_at, timezone, state,"
      " task_version, updated_at, last_event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
      " ON CONFLICT (task_id) DO UPDATE SET title = EXCLUDED.title, due_date = EXCLUDED.due_date,"
      " reminder_at = EXCLUDED.reminder_at, timezone = EXCLUDED.timezone, state = EXCLUDED.state,"
      " task_version = EXCLUDED.task_version, updated_at = EXCLUDED.updated_at, last_event_id = EXCLUDED.last_event_id"
      " WHERE recurring_reminders.task_version <= EXCLUDED.task_version",
      db::Params(t.task_id, t.user_id, t.title, t.due_date, t.reminder_at, t.timezone, t.state, t.version, now,
                 t.last_event_id));
}

std::optional<long long> RecurringRepository::lock(const std::string& task_id) {
  const auto rows =
      c_.exec("SELECT task_version FROM recurring_reminders WHERE task_id = $1 FOR UPDATE", db::Params(task_id));
  if (rows.empty()) return std::nullopt;
  return rows.front().int64(0);
}

std::optional<ProjectedTask> RecurringRepository::pending_with_reminder(const std::string& task_id,
                                                                        core::Instant reminder_at) {
  const auto rows = c_.exec(
      "SELECT user_id, title, due_date, timezone, task_version, coalesce(last_event_id::text, '')"
      " FROM recurring_reminders WHERE task_id = $1 AND state = 'pending' AND reminder_at = $2",
      db::Params(task_id, reminder_at));
  if (rows.empty()) return std::nullopt;
  const auto r = rows.front();
  return ProjectedTask{task_id,     r.str(0), r.str(1),  r.opt_instant(2), reminder_at,
                       r.str(3),    "pending", r.int64(4), r.str(5)};
}

std::optional<core::Instant> RecurringRepository::due_date_of(const std::string& task_id) {
  const auto rows = c_.exec("SELECT due_date FROM recurring_reminders WHERE task_id = $1", db::Params(task_id));
  if (rows.empty()) return std::nullopt;
  return rows.front().opt_instant(0);
}

bool RecurringRepository::was_fired(const std::string& task_id, core::Instant reminder_at) {
  return !c_.exec("SELECT 1 FROM recurring_fired_reminders WHERE task_id = $1 AND reminder_at = $2",
                  db::Params(task_id, reminder_at))
              .empty();
}

bool RecurringRepository::record_fired(const std::string& task_id, core::Instant reminder_at, core::Instant fired_at,
                                       const std::string& event_id) {
  return c_.exec(
               "INSERT INTO recurring_fired_reminders (task_id, reminder_at, fired_at, event_id)"
               " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
               db::Params(task_id, reminder_at, fired_at, event_id))
             .affected() > 0;
}

bool RecurringRepository::record_next_requested(const std::string& task_id, core::Instant at,
                                                const std::string& event_id) {
  return c_.exec(
               "INSERT INTO recurring_next_requested (task_id, requested_at, event_id) VALUES ($1, $2, $3)"
               " ON CONFLICT DO NOTHING",
               db::Params(task_id, at, event_id))
             .affected() > 0;
}

std::vector<std::pair<std::string, core::Instant>> RecurringRepository::unfired_due(core::Instant cutoff, int limit) {
  std::vector<std::pair<std::string, core::Instant>> out;
  for (const auto& r : c_.exec(
           "SELECT task_id, reminder_at FROM recurring_reminders r WHERE state = 'pending' AND reminder_at <= $1"
           " AND NOT EXISTS (SELECT 1 FROM recurring_fired_reminders f"
           "                 WHERE f.task_id = r.task_id AND f.reminder_at = r.reminder_at)"
           " ORDER BY reminder_at LIMIT $2",
           db::Params(cutoff, limit)))
    out.emplace_back(r.str(0), r.instant(1));
  return out;
}

std::optional<SeriesAnchor> RecurringRepository::series(const std::string& task_id) {
  const auto res = c_.exec("SELECT dtstart, rule, timezone FROM recurring_series WHERE task_id = $1", db::Params(task_id));
  if (res.empty()) return std::nullopt;
  return SeriesAnchor{res.front().instant(0), res.front().str(1), res.front().str(2)};
}

void RecurringRepository::start_series(const std::string& task_id, const std::string& user_id,
                                       const SeriesAnchor& a, bool replace) {
  c_.exec(std::string("INSERT INTO recurring_series (task_id, user_id, dtstart, rule, timezone)"
                      " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (task_id) DO ") +
              (replace ? "UPDATE SET dtstart = EXCLUDED.dtstart, rule = EXCLUDED.rule, timezone = EXCLUDED.timezone"
                       : "NOTHING"),
          db::Params(task_id, user_id, a.dtstart, a.rule, a.timezone));
}

}  // namespace todo::services::recurring
