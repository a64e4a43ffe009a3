// recurring-service's rule for the reminder job: only a change that can move
// the job arms or cancels it (beside Dapr each is a Jobs API call).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/event_payloads.h"
#include "services/recurring-service/reminder_job.h"

namespace todo::services::recurring {
namespace {

namespace json = boost::json;
namespace types = core::event_types;
using Change = ReminderJobChange;

const core::Instant kAt = core::Instant(std::chrono::hours(24 * 20000));

core::Task task(bool reminder, bool completed = false) {
  core::Task t;
  t.id = "7b0e6c0e-3f4e-4a57-9a7b-8a3f2f6f0c11";
  t.user_id = "0d3c3c7e-5d2b-4a7a-8f0e-2b1b7f9a9a10";
  t.title = "Pay rent";
  t.completed = completed;
  if (reminder) t.reminder_at = kAt;
  t.created_at = t.updated_at = kAt;
  return t;
}

core::TaskChanged change(std::string_view type, const core::Task& t, json::object changes = {}) {
  core::TaskChanged c;
  c.header.event_type = std::string(type);
  c.task = t;
  c.changes = std::move(changes);
  return c;
}

json::object moved(json::value from, json::value to) {
  return {{"reminder_at", json::object{{"from", std::move(from)}, {"to", std::move(to)}}}};
}

TEST(ReminderJob, ACreatedTaskArmsOnlyWithAReminder) {
  EXPECT_EQ(reminder_job_change(change(types::kTaskCreated, task(true))), Change::Arm);
  // Nothing can be armed for a task seen for the first time: no cancel.
  EXPECT_EQ(reminder_job_change(change(types::kTaskCreated, task(false))), Change::Keep);
}

TEST(ReminderJob, AnUpdateTouchesTheJobOnlyWhenItChangesTheReminder) {
  const json::object title{{"title", json::object{{"from", "a"}, {"to", "b"}}}};
  EXPECT_EQ(reminder_job_change(change(types::kTaskUpdated, task(false), title)), Change::Keep);
  EXPECT_EQ(reminder_job_change(change(types::kTaskUpdated, task(true), title)), Change::Keep);
  // reminder_sent set after the reminder fired: the job is spent.
  const json::object sent{{"reminder_sent", json::object{{"from", false}, {"to", true}}}};
  EXPECT_EQ(reminder_job_change(change(types::kTaskUpdated, task(true), sent)), Change::Keep);
  EXPECT_EQ(reminder_job_change(change(types::kTaskUpdated, task(true), moved(nullptr, "2030-01-01T00:00:00Z"))),
            Change::Arm);
  EXPECT_EQ(reminder_job_change(
                change(types::kTaskUpdated, task(true), moved("2029-01-01T00:00:00Z", "2030-01-01T00:00:00Z"))),
            Change::Arm);
  EXPECT_EQ(reminder_job_change(change(types::kTaskUpdated, task(false), moved("2029-01-01T00:00:00Z", nullptr))),
            Change::Cancel);
}

TEST(ReminderJob, CompletingOrDeletingCancelsOnlyAnArmedReminder) {
  EXPECT_EQ(reminder_job_change(change(types::kTaskCompleted, task(true, true))), Change::Cancel);
  EXPECT_EQ(reminder_job_change(change(types::kTaskCompleted, task(false, true))), Change::Keep);
  EXPECT_EQ(reminder_job_change(change(types::kTaskDeleted, task(true))), Change::Cancel);
  EXPECT_EQ(reminder_job_change(change(types::kTaskDeleted, task(false))), Change::Keep);
  // A completed task's reminder was cancelled when it was completed.
  EXPECT_EQ(reminder_job_change(change(types::kTaskDeleted, task(true, true))), Change::Keep);
}

TEST(ReminderJob, ReopeningOrRestoringArmsTheReminderAgain) {
  EXPECT_EQ(reminder_job_change(change(types::kTaskReopened, task(true))), Change::Arm);
  EXPECT_EQ(reminder_job_change(change(types::kTaskRestored, task(true))), Change::Arm);
  EXPECT_EQ(reminder_job_change(change(types::kTaskReopened, task(false))), Change::Keep);
  EXPECT_EQ(reminder_job_change(change(types::kTaskRestored, task(false))), Change::Keep);
  // Restored into the completed state: nothing to fire.
  EXPECT_EQ(reminder_job_change(change(types::kTaskRestored, task(true, true))), Change::Keep);
}

TEST(ReminderJob, AnUnreadableChangeOfTheReminderCancelsToBeSafe) {
  const json::object odd{{"reminder_at", "not an object"}};
  EXPECT_EQ(reminder_job_change(change(types::kTaskUpdated, task(false), odd)), Change::Cancel);
}

}  // namespace
}  // namespace todo::services::recurring
