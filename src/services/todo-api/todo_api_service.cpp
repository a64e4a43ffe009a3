#include "services/todo-api/todo_api_service.h"

#include "obs/log.h"
#include "runtime/typed_handler.h"
#include "services/todo-api/task_repository.h"

namespace todo::services::todo_api {

void TodoApiService::add_routes(net::ServiceRoutes& routes) { bind_routes(routes, routes_, kTaskRoutes); }

void TodoApiService::add_internal_routes(net::ServiceRoutes& routes) { bind_routes(routes, internal_, kInternalRoutes); }

void TodoApiService::subscribe(runtime::EventBus& bus) {
  bus.subscribe(runtime::Subscription{
      std::string(core::topics::kReminders), std::string(kAppId),
      runtime::typed<core::ReminderDue>(kAppId, [this](const core::ReminderDue& r, const core::Event& e) {
        return reminders_.on_reminder(r, e);
      })});
}

void TodoApiService::register_jobs(runtime::Scheduler& scheduler) {
  scheduler.every(std::string(kHousekeeping), std::chrono::hours(1), [this](const runtime::Job&) {
    const auto n = prune_idempotency_keys(ctx_.clock.now() - kIdempotencyKeyLifetime);
    if (n > 0) obs::info(kAppId, "forgot old idempotency keys", {{"count", n}});
    return runtime::JobOutcome::Success;
  });
}

long long TodoApiService::prune_idempotency_keys(core::Instant older_than) {
  auto conn = ctx_.db.acquire();
  return TaskRepository(*conn).prune_idempotency_keys(older_than);
}

}  // namespace todo::services::todo_api
