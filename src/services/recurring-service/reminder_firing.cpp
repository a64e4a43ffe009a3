#include "services/recurring-service/reminder_firing.h"

#include "core/event_payloads.h"
#include "core/uuid.h"
#include "obs/log.h"
#include "services/recurring-service/recurring_repository.h"
#include "services/recurring-service/recurring_service.h"

namespace todo::services::recurring {

bool ReminderFiring::fire(db::Transaction& tx, const std::string& task_id, core::Instant reminder_at) {
  RecurringRepository repo(tx.connection());
  const auto task = repo.pending_with_reminder(task_id, reminder_at);
  if (!task) return false;
  const auto now = ctx_.clock.now();
  // No request causes a reminder: it is correlated with the task change that armed it.
  const auto event = core::ReminderDue::make(task->user_id, task_id, task->title, task->due_date, reminder_at,
                                             task->timezone, {std::string(kAppId), task->last_event_id, ""}, now);
  if (!repo.record_fired(task_id, reminder_at, now, event.id)) return false;  // once per (task, reminder_at)
  ctx_.bus.publish(tx, core::topics::kReminders, event);
  return true;
}

runtime::JobOutcome ReminderFiring::on_reminder_job(const runtime::Job& job) {
  const auto* data = job.data.if_object();
  const auto* task_id = data ? data->if_contains("task_id") : nullptr;
  const auto* at = data ? data->if_contains("reminder_at") : nullptr;
  const auto* version = data ? data->if_contains("version") : nullptr;
  if (!task_id || !task_id->is_string() || !at || !at->is_string() || !version || !version->is_int64() ||
      !core::is_uuid(task_id->get_string()))
    return runtime::JobOutcome::Success;  // not ours to understand; retrying will not help
  const auto reminder_at = core::parse_rfc3339(at->get_string());
  if (!reminder_at) return runtime::JobOutcome::Success;
  const std::string id(task_id->get_string());
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    const auto current = RecurringRepository(tx.connection()).lock(id);
    // The change that armed this job is not visible yet: try again shortly.
    if (!current || *current < version->get_int64()) return runtime::JobOutcome::Failure;
    if (fire(tx, id, *reminder_at))
      obs::info(kAppId, "reminder fired", {{"task_id", id}, {"reminder_at", core::format_rfc3339(*reminder_at)}});
    // Stale (moved, completed, deleted) or already fired: nothing to do.
    return runtime::JobOutcome::Success;
  });
}

int ReminderFiring::sweep() {
  const auto cutoff = ctx_.clock.now() - opts_.grace;
  std::vector<std::pair<std::string, core::Instant>> due;
  {
    auto conn = ctx_.db.acquire();
    due = RecurringRepository(*conn).unfired_due(cutoff, 1000);
  }
  int fired = 0;
  for (const auto& [task_id, at] : due) {
    db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
      RecurringRepository(tx.connection()).lock(task_id);
      if (fire(tx, task_id, at)) ++fired;
    });
  }
  return fired;
}

}  // namespace todo::services::recurring
