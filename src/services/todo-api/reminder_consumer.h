#pragma once
// todo-api's consumer of `reminders`: when a reminder fires, the task's
// reminder_sent becomes true (a new version and a task.updated event), if
// that reminder is still the task's and the task is still pending.
#include "core/event_payloads.h"
#include "runtime/event_bus.h"
#include "services/service_context.h"
#include "services/todo-api/task_changes.h"

namespace todo::services::todo_api {

class ReminderConsumer {
 public:
  explicit ReminderConsumer(const ServiceContext& ctx) : ctx_(ctx), changes_(ctx) {}
  runtime::Delivery on_reminder(const core::ReminderDue& reminder, const core::Event& event);

 private:
  ServiceContext ctx_;
  TaskChanges changes_;
};

}  // namespace todo::services::todo_api
