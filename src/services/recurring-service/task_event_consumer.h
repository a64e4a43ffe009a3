#pragma once
// recurring-service's consumer of task-events. For every task change, in one
// transaction (effectively once):
// - the projection of the task (title, due date, reminder, state, version);
// - the series anchor: a new recurring task starts a series; a new rule or
//   zone, or moving the first occurrence, starts it again; a next occurrence
//   joins its parent's series;
// - the reminder job: armed, moved or cancelled (Scheduler port, part of the
//   transaction);
// - for a completed recurring task, the next occurrence: an intent to call
//   todo-api after commit (Invoker::invoke_after_commit) with the
//   Idempotency-Key next-occurrence:<task id>, so it is created once however
//   often the completion or its event repeats.
#include "core/event_payloads.h"
#include "runtime/event_bus.h"
#include "services/service_context.h"

namespace todo::services::recurring {

class TaskEventConsumer {
 public:
  explicit TaskEventConsumer(const ServiceContext& ctx) : ctx_(ctx) {}
  runtime::Delivery on_task_event(const core::TaskChanged& change, const core::Event& event);

 private:
  ServiceContext ctx_;
};

// The job of a task's reminder: "reminder-<task id>".
std::string reminder_job_name(std::string_view task_id);

}  // namespace todo::services::recurring
