#pragma once
// recurring-service: owns the recurrence and reminder schedule. Consumes
// task-events (TaskEventConsumer), fires reminders from their jobs and from
// the minute sweep (ReminderFiring). No public routes.
#include <string_view>

#include "services/recurring-service/reminder_firing.h"
#include "services/recurring-service/task_event_consumer.h"
#include "services/service.h"

namespace todo::services::recurring {

inline constexpr std::string_view kAppId = "recurring-service";
inline constexpr std::string_view kReminderJobPrefix = "reminder-";
// The safety sweep: a job embedded, the cron binding of that name beside Dapr.
inline constexpr std::string_view kSweep = "reminder-sweep";

class RecurringService final : public Service {
 public:
  explicit RecurringService(const ServiceContext& ctx, SweepOptions sweep = {})
      : consumer_(ctx), firing_(ctx, sweep) {}
  std::string_view app_id() const override { return kAppId; }
  void subscribe(runtime::EventBus& bus) override;
  void register_jobs(runtime::Scheduler& scheduler) override;

  TaskEventConsumer& consumer() { return consumer_; }
  ReminderFiring& firing() { return firing_; }

 private:
  TaskEventConsumer consumer_;
  ReminderFiring firing_;
};

}  // namespace todo::services::recurring
