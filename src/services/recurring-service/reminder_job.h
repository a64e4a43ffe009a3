#pragma once
// What a task change does to the task's reminder job, as a pure function.
//
// Beside Dapr every arm or cancel is a Jobs API call after commit (an
// intent in the outbox, a request through the sidecar, a write in the Dapr
// scheduler's store), so a change that cannot move the job must not touch
// it: most changes (a task created without a reminder, a title edited) do
// not. Each event carries the whole task after the change, and a task's
// events arrive in order, so the job the previous change left is known from
// this one: armed exactly when the task was pending with a reminder.
#include "core/event_payloads.h"

namespace todo::services::recurring {

enum class ReminderJobChange {
  Keep,    // the job stays as the previous change left it (or absent)
  Arm,     // schedule (or move) it, unless this reminder already fired
  Cancel,  // the previous change may have armed one that must not fire
};

ReminderJobChange reminder_job_change(const core::TaskChanged& change);

}  // namespace todo::services::recurring
