#include "services/recurring-service/task_event_consumer.h"

#include <boost/json.hpp>

#include "obs/log.h"
#include "runtime/consume_once.h"
#include "services/recurring-service/next_occurrence.h"
#include "services/recurring-service/recurring_repository.h"
#include "services/recurring-service/recurring_service.h"
#include "services/recurring-service/reminder_job.h"

namespace todo::services::recurring {
namespace json = boost::json;

std::string reminder_job_name(std::string_view task_id) { return std::string(kReminderJobPrefix) + std::string(task_id); }

namespace {

std::string state_of(const core::TaskChanged& c) {
  if (c.is_deletion()) return "deleted";
  return c.task.completed ? "completed" : "pending";
}

// The series this task belongs to after the change, and whether it replaces
// the one on record.
std::pair<SeriesAnchor, bool> series_after(RecurringRepository& repo, const core::TaskChanged& c) {
  const auto& t = c.task;
  const SeriesAnchor own{*t.due_date, *t.recurrence, t.timezone};
  if (c.header.event_type == core::event_types::kTaskCreated && t.parent_task_id) {
    // A next occurrence continues its parent's series (or starts one from the
    // parent's due date, as its due date was computed).
    const auto parent_due = repo.due_date_of(*t.parent_task_id);
    if (!parent_due) return {own, false};
    return {SeriesAnchor{series_start(repo.series(*t.parent_task_id), *t.recurrence, t.timezone, *parent_due),
                         *t.recurrence, t.timezone},
            false};
  }
  const bool restart = c.changed("recurrence") || c.changed("timezone") || (c.changed("due_date") && !t.parent_task_id);
  return {own, restart};
}

}  // namespace

runtime::Delivery TaskEventConsumer::on_task_event(const core::TaskChanged& c, const core::Event& event) {
  return runtime::consume_once(ctx_.db, kAppId, event, [&](db::Transaction& tx) {
    RecurringRepository repo(tx.connection());
    const auto& task = c.task;
    const auto state = state_of(c);
    // A deletion outranks any version of the task it deletes.
    const long long version = state == "deleted" ? task.version + 1 : task.version;
    repo.project(ProjectedTask{task.id, task.user_id, task.title, task.due_date, task.reminder_at, task.timezone,
                               state, version, event.id},
                 ctx_.clock.now());

    if (task.recurrence && task.due_date) {
      const auto [anchor, replace] = series_after(repo, c);
      repo.start_series(task.id, task.user_id, anchor, replace);
    }

    // Arm, move or cancel the reminder, as part of this transaction; only a
    // change that can move the job touches it (reminder_job.h).
    switch (reminder_job_change(c)) {
      case ReminderJobChange::Arm:
        if (!repo.was_fired(task.id, *task.reminder_at)) {
          ctx_.scheduler.schedule(tx, reminder_job_name(task.id), *task.reminder_at,
                                  json::object{{"task_id", task.id},
                                               {"user_id", task.user_id},
                                               {"reminder_at", core::format_rfc3339(*task.reminder_at)},
                                               {"version", version}});
          break;
        }
        [[fallthrough]];  // moved back to a time that already fired: the job of the other time goes
      case ReminderJobChange::Cancel:
        ctx_.scheduler.cancel(tx, reminder_job_name(task.id));
        break;
      case ReminderJobChange::Keep:
        break;
    }

    if (c.header.event_type == core::event_types::kTaskCompleted && task.recurrence) {
      const auto next = next_occurrence(task, repo.series(task.id));
      if (!next) return runtime::Delivery::Success;  // the series has ended
      // Once per task: completed again after a reopen, it has its occurrence.
      if (!repo.record_next_requested(task.id, ctx_.clock.now(), event.id)) return runtime::Delivery::Success;
      net::Request req;
      req.method = "POST";
      req.path = req.target = "/internal/next-occurrence";
      req.headers = {{"content-type", "application/json"},
                     {"idempotency-key", "next-occurrence:" + task.id},
                     {"x-request-id", event.id},
                     {"traceparent", event.traceparent}};
      req.body = json::serialize(next_occurrence_body(task, *next));
      ctx_.invoker.invoke_after_commit(tx, kAppId, "todo-api", req);
      obs::info(kAppId, "next occurrence requested", {{"task_id", task.id}, {"index", next->index}});
    }
    return runtime::Delivery::Success;
  });
}

}  // namespace todo::services::recurring
