#pragma once
// todo-api: owns tasks. Serves DESIGN §3.3, publishes task events, marks
// reminder_sent when a reminder fires, and forgets old Idempotency-Keys.
#include <chrono>
#include <string_view>
#include <vector>

#include "services/service.h"
#include "services/todo-api/internal_routes.h"
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
  explicit TodoApiService(const ServiceContext& ctx) : ctx_(ctx), routes_(ctx), internal_(ctx), reminders_(ctx) {}
  std::string_view app_id() const override { return kAppId; }
  void add_routes(net::ServiceRoutes& routes) override;
  void add_internal_routes(net::ServiceRoutes& routes) override;
  void subscribe(runtime::EventBus& bus) override;
  void register_jobs(runtime::Scheduler& scheduler) override;

  long long prune_idempotency_keys(core::Instant older_than);
  ReminderConsumer& reminders() { return reminders_; }
  static std::vector<net::RouteKey> public_routes() { return route_keys(kTaskRoutes); }

 private:
  ServiceContext ctx_;
  TaskRoutes routes_;
  InternalRoutes internal_;
  ReminderConsumer reminders_;
};

}  // namespace todo::services::todo_api
