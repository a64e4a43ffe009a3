#pragma once
// Firing reminders: when a reminder job is delivered, or when the sweep finds
// a due reminder whose job was lost, recurring-service publishes reminder.due
// on `reminders` exactly once per (task, reminder_at), only while the task is
// pending with that reminder.
#include "runtime/scheduler.h"
#include "services/service_context.h"

namespace todo::services::recurring {

struct SweepOptions {
  std::chrono::seconds interval{60};
  std::chrono::seconds grace{5};  // the sweep leaves younger reminders to their jobs
};

class ReminderFiring {
 public:
  ReminderFiring(const ServiceContext& ctx, SweepOptions options = {}) : ctx_(ctx), opts_(options) {}
  runtime::JobOutcome on_reminder_job(const runtime::Job& job);
  // Fires every due reminder nobody fired; returns how many it fired.
  int sweep();
  const SweepOptions& options() const { return opts_; }

 private:
  // Publishes reminder.due for the task if it is still pending at
  // `reminder_at` and that reminder never fired. True if it fired.
  bool fire(db::Transaction& tx, const std::string& task_id, core::Instant reminder_at);

  ServiceContext ctx_;
  SweepOptions opts_;
};

}  // namespace todo::services::recurring
