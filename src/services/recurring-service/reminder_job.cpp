#include "services/recurring-service/reminder_job.h"

namespace todo::services::recurring {
namespace {

namespace types = core::event_types;

// Whether the task had a reminder before this change (not for task.created,
// a task's first change). Only task.updated can change reminder_at (and says
// so in its changes); every other change keeps it.
bool had_reminder(const core::TaskChanged& c) {
  if (c.changed("reminder_at")) {
    const auto* field = c.changes.at("reminder_at").if_object();
    const auto* from = field ? field->if_contains("from") : nullptr;
    return !from || !from->is_null();  // unreadable: assume one, a cancel is harmless
  }
  return c.task.reminder_at.has_value();
}

// Whether the task was pending (not completed, not deleted) before this change.
bool was_pending(const core::TaskChanged& c) {
  const auto& type = c.header.event_type;
  if (type == types::kTaskCompleted) return true;
  if (type == types::kTaskReopened || type == types::kTaskRestored) return false;
  return !c.task.completed;  // task.updated and task.deleted: the task as it was
}

}  // namespace

ReminderJobChange reminder_job_change(const core::TaskChanged& c) {
  const bool wanted = !c.is_deletion() && !c.task.completed && c.task.reminder_at.has_value();
  // Whether the previous change left an armed job; task.created has no previous change.
  const bool had = c.header.event_type != types::kTaskCreated && was_pending(c) && had_reminder(c);
  if (wanted) {
    // Armed by an earlier change with this very time: nothing to move.
    if (had && !c.changed("reminder_at")) return ReminderJobChange::Keep;
    return ReminderJobChange::Arm;
  }
  return had ? ReminderJobChange::Cancel : ReminderJobChange::Keep;
}

}  // namespace todo::services::recurring
