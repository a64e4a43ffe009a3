#pragma once
// recurring-service's SQL: its projection of tasks (recurring_reminders), the
// reminders it fired (recurring_fired_reminders) and the series anchors
// (recurring_series); migrations/0007_recurring_service.sql. It never reads
// todo-api's tables.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "db/connection.h"
#include "services/recurring-service/next_occurrence.h"

namespace todo::services::recurring {

// What the projection keeps of a task.
struct ProjectedTask {
  std::string task_id;
  std::string user_id;
  std::string title;
  std::optional<core::Instant> due_date;
  std::optional<core::Instant> reminder_at;
  std::string timezone;
  std::string state;  // pending | completed | deleted
  long long version = 0;
  std::string last_event_id;
};

class RecurringRepository {
 public:
  explicit RecurringRepository(db::Connection& c) : c_(c) {}

  // Stores the task unless a newer version is already there. Deferred: it
  // travels with the next statement or the COMMIT.
  void project(const ProjectedTask& task, core::Instant now);
  // Locks the task's row for the transaction; its version, if known.
  std::optional<long long> lock(const std::string& task_id);
  // The task while it is pending with exactly this reminder.
  std::optional<ProjectedTask> pending_with_reminder(const std::string& task_id, core::Instant reminder_at);
  std::optional<core::Instant> due_date_of(const std::string& task_id);

  bool was_fired(const std::string& task_id, core::Instant reminder_at);
  // False when that (task, reminder_at) was fired before.
  bool record_fired(const std::string& task_id, core::Instant reminder_at, core::Instant fired_at,
                    const std::string& event_id);
  // False when the task's next occurrence was requested before.
  bool record_next_requested(const std::string& task_id, core::Instant at, const std::string& event_id);
  // Pending reminders due at or before `cutoff` that never fired, oldest first.
  std::vector<std::pair<std::string, core::Instant>> unfired_due(core::Instant cutoff, int limit);

  std::optional<SeriesAnchor> series(const std::string& task_id);
  // Starts the task's series at `anchor`; `replace` moves an existing one.
  void start_series(const std::string& task_id, const std::string& user_id, const SeriesAnchor& anchor, bool replace);

 private:
  db::Connection& c_;
};

}  // namespace todo::services::recurring
