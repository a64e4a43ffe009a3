#include "services/todo-api/reminder_consumer.h"

#include "runtime/consume_once.h"
#include "services/todo-api/task_repository.h"
#include "services/todo-api/todo_api_service.h"

namespace todo::services::todo_api {

runtime::Delivery ReminderConsumer::on_reminder(const core::ReminderDue& r, const core::Event& event) {
  return runtime::consume_once(ctx_.db, kAppId, event, [&](db::Transaction& tx) {
    TaskRepository repo(tx.connection());
    auto task = repo.find(r.header.user_id, r.task_id, /*for_update=*/true);
    if (!task || task->completed || task->reminder_sent || task->reminder_at != r.reminder_at)
      return runtime::Delivery::Success;
    task->reminder_sent = true;
    const std::vector<core::FieldChange> changes = {{"reminder_sent", false, true}};
    // Caused by the reminder, not by a request.
    changes_.commit(tx, repo, *task, core::event_types::kTaskUpdated,
                    core::EventOrigin{std::string(kAppId), event.id, event.traceparent}, &changes);
    return runtime::Delivery::Success;
  });
}

}  // namespace todo::services::todo_api
