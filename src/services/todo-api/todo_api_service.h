#pragma once
// todo-api: owns tasks. Serves DESIGN §3.3 and publishes task events.
#include <chrono>
#include <optional>
#include <string>

#include "core/task.h"
#include "net/router.h"
#include "services/service_context.h"

namespace todo::services::todo_api {

class TodoApiService {
 public:
  explicit TodoApiService(ServiceContext ctx) : ctx_(ctx) {}

  // Public routes under /api/{user_id}/...
  void add_routes(net::Router& router);
  // Routes other services call through the Invoker, never exposed publicly.
  void add_internal_routes(net::Router& router);
  // Consumes `reminders`: marks reminder_sent.
  void subscribe(runtime::EventBus& bus);
  // Hourly housekeeping job: forgets Idempotency-Keys older than
  // kIdempotencyKeyLifetime (a completed task's next occurrence stays unique
  // through its parent_task_id index after that).
  void register_jobs(runtime::Scheduler& scheduler);
  void start();
  long long prune_idempotency_keys(core::Instant older_than);
  static constexpr std::chrono::hours kIdempotencyKeyLifetime{24 * 7};

  runtime::Delivery on_reminder(const core::Event& event);

 private:
  net::Response list(net::Request& req);
  net::Response create(net::Request& req);
  net::Response get(net::Request& req);
  net::Response update(net::Request& req);
  net::Response complete(net::Request& req);
  net::Response remove(net::Request& req);
  net::Response stats(net::Request& req);
  net::Response tags(net::Request& req);
  net::Response next_occurrence(net::Request& req);
  // The create flow shared by the public route and next-occurrence.
  net::Response create_task(const net::Request& req, const std::string& user_id, core::Task task,
                            const std::optional<std::string>& key);

  ServiceContext ctx_;
};

}  // namespace todo::services::todo_api
