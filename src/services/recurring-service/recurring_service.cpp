#include "services/recurring-service/recurring_service.h"

#include "obs/log.h"
#include "runtime/typed_handler.h"

namespace todo::services::recurring {

void RecurringService::subscribe(runtime::EventBus& bus) {
  bus.subscribe(runtime::Subscription{
      std::string(core::topics::kTaskEvents), std::string(kAppId),
      runtime::typed<core::TaskChanged>(kAppId, [this](const core::TaskChanged& c, const core::Event& e) {
        return consumer_.on_task_event(c, e);
      })});
}

void RecurringService::register_jobs(runtime::Scheduler& scheduler) {
  scheduler.handle(std::string(kReminderJobPrefix), [this](const runtime::Job& j) { return firing_.on_reminder_job(j); });
  scheduler.every(std::string(kSweep), firing_.options().interval, [this](const runtime::Job&) {
    const int fired = firing_.sweep();
    if (fired > 0) obs::warn(kAppId, "sweep fired reminders whose job was lost", {{"count", fired}});
    return runtime::JobOutcome::Success;
  });
}

}  // namespace todo::services::recurring
