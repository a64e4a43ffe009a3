#pragma once
// recurring-service: owns the recurrence and reminder schedule.
// - Consumes task-events: keeps a projection of each task's reminder, arms,
//   moves or cancels its reminder job (Scheduler port), and on task.completed
//   of a recurring task asks todo-api (Invoker port) for the next occurrence,
//   with an idempotency key per completed task so it is created once.
// - When a reminder job fires (or the minute sweep finds a reminder whose job
//   was lost), publishes reminder.due on `reminders` exactly once per
//   (task, reminder_at).
#include "core/task.h"
#include "runtime/event_bus.h"
#include "runtime/scheduler.h"
#include "services/service_context.h"

namespace todo::services::recurring {

inline constexpr std::string_view kAppId = "recurring-service";
inline constexpr std::string_view kReminderJobPrefix = "reminder-";
inline constexpr std::string_view kSweepJob = "recurring-sweep";

struct RecurringOptions {
  std::chrono::seconds sweep_interval{60};
  std::chrono::seconds sweep_grace{5};  // the sweep leaves younger reminders to their jobs
};

class RecurringService {
 public:
  RecurringService(ServiceContext ctx, RecurringOptions options = {}) : ctx_(ctx), opts_(options) {}
  void subscribe(runtime::EventBus& bus);
  void register_jobs(runtime::Scheduler& scheduler);
  // Arms the first sweep (call after the scheduler started).
  void start();

  runtime::Delivery on_task_event(const core::Event& event);
  runtime::JobOutcome on_reminder_job(const runtime::Job& job);
  // Fires every due reminder nobody fired; returns how many it fired.
  int sweep();

 private:
  runtime::Delivery create_next_occurrence(const core::Task& task, const core::Event& cause, db::Transaction& tx);
  // Publishes reminder.due for the projection row of `task_id` if it is
  // still pending at `reminder_at` and was not fired yet. True if it fired.
  bool fire(db::Transaction& tx, const std::string& task_id, core::Instant reminder_at);

  ServiceContext ctx_;
  RecurringOptions opts_;
};

}  // namespace todo::services::recurring
