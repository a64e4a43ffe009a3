#include "services/todo-api/todo_api_service.h"

#include "obs/log.h"
#include "runtime/typed_handler.h"
#include "services/todo-api/task_repository.h"
#include "services/todo-api/trash_rules.h"

namespace todo::services::todo_api {

void TodoApiService::add_routes(net::ServiceRoutes& routes) {
  // Quick add before the task routes: /tasks/quick is a path of its own,
  // not a task id.
  bind_routes(routes, quick_add_, kQuickAddRoutes);
  bind_routes(routes, tasks_, kTaskRoutes);
  bind_routes(routes, projects_, kProjectRoutes);
}

std::vector<net::RouteKey> TodoApiService::public_routes() {
  std::vector<net::RouteKey> keys;
  for (const auto& table : {route_keys(kQuickAddRoutes), route_keys(kTaskRoutes), route_keys(kProjectRoutes)})
    keys.insert(keys.end(), table.begin(), table.end());
  return keys;
}

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
    const auto now = ctx_.clock.now();
    if (const auto n = prune_idempotency_keys(now - kIdempotencyKeyLifetime); n > 0)
      obs::info(kAppId, "forgot old idempotency keys", {{"count", n}});
    if (const auto n = purge_trash(trash_horizon(now)); n > 0)
      obs::info(kAppId, "emptied the trash of old tasks", {{"count", n}});
    return runtime::JobOutcome::Success;
  });
}

long long TodoApiService::prune_idempotency_keys(core::Instant older_than) {
  auto conn = ctx_.db.acquire();
  return TaskRepository(*conn).prune_idempotency_keys(older_than);
}

long long TodoApiService::purge_trash(core::Instant deleted_before) {
  auto conn = ctx_.db.acquire();
  return TaskRepository(*conn).purge_trash(deleted_before);
}

}  // namespace todo::services::todo_api
