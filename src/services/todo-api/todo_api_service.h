#pragma once
// todo-api: owns tasks and projects. Serves DESIGN §3.3 and §3.8, publishes
// task and project events, marks reminder_sent when a reminder fires, and
// every hour forgets old Idempotency-Keys and empties the trash of what has
// been in it for 30 days.
#include <chrono>
#include <string_view>
#include <vector>

#include "services/service.h"
#include "services/todo-api/internal_routes.h"
#include "services/todo-api/project_routes.h"
#include "services/todo-api/quick_add_routes.h"
#include "services/todo-api/reminder_consumer.h"
#include "services/todo-api/task_routes.h"

namespace todo::services::todo_api {

inline constexpr std::string_view kAppId = "todo-api";
// The hourly housekeeping (a job embedded, a cron binding beside Dapr).
inline constexpr std::string_view kHousekeeping = "todo-api-housekeeping";
// After this a completed task's next occurrence stays unique through its
// parent_task_id index alone.
inline constexpr std::chrono::hours kIdempotencyKeyLifetime{24 * 7};

class TodoApiService final : public Service {
 public:
  explicit TodoApiService(const ServiceContext& ctx)
      : ctx_(ctx), tasks_(ctx), projects_(ctx), quick_add_(ctx), internal_(ctx), reminders_(ctx) {}
  std::string_view app_id() const override { return kAppId; }
  void add_routes(net::ServiceRoutes& routes) override;
  void add_internal_routes(net::ServiceRoutes& routes) override;
  void subscribe(runtime::EventBus& bus) override;
  void register_jobs(runtime::Scheduler& scheduler) override;

  long long prune_idempotency_keys(core::Instant older_than);
  // Deletes for good the tasks trashed before `deleted_before` (no event:
  // their task.deleted was published when they were trashed).
  long long purge_trash(core::Instant deleted_before);
  ReminderConsumer& reminders() { return reminders_; }
  static std::vector<net::RouteKey> public_routes();

 private:
  ServiceContext ctx_;
  TaskRoutes tasks_;
  ProjectRoutes projects_;
  QuickAddRoutes quick_add_;
  InternalRoutes internal_;
  ReminderConsumer reminders_;
};

}  // namespace todo::services::todo_api
