#pragma once
// todo-api's public routes of tasks (DESIGN §3.3, the trash of §3.8):
// /api/{user_id}/tasks…, stats, tags.
#include <array>

#include "net/http.h"
#include "services/route_table.h"
#include "services/service_context.h"
#include "services/todo-api/task_changes.h"

namespace todo::services::todo_api {

class TaskRoutes {
 public:
  explicit TaskRoutes(const ServiceContext& ctx) : ctx_(ctx), changes_(ctx) {}
  net::Response list(net::Request& req);
  net::Response create(net::Request& req);
  net::Response get(net::Request& req);
  net::Response update(net::Request& req);
  net::Response complete(net::Request& req);
  net::Response remove(net::Request& req);   // to the trash
  net::Response restore(net::Request& req);  // out of it
  net::Response stats(net::Request& req);
  net::Response tags(net::Request& req);

 private:
  ServiceContext ctx_;
  TaskChanges changes_;
};

inline constexpr std::array<RouteSpec<TaskRoutes>, 10> kTaskRoutes = {{
    {"GET", "/api/{user_id}/tasks", &TaskRoutes::list},
    {"POST", "/api/{user_id}/tasks", &TaskRoutes::create},
    {"GET", "/api/{user_id}/tasks/{id}", &TaskRoutes::get},
    {"PUT", "/api/{user_id}/tasks/{id}", &TaskRoutes::update},
    {"PATCH", "/api/{user_id}/tasks/{id}", &TaskRoutes::update},
    {"DELETE", "/api/{user_id}/tasks/{id}", &TaskRoutes::remove},
    {"PATCH", "/api/{user_id}/tasks/{id}/complete", &TaskRoutes::complete},
    {"POST", "/api/{user_id}/tasks/{id}/restore", &TaskRoutes::restore},
    {"GET", "/api/{user_id}/stats", &TaskRoutes::stats},
    {"GET", "/api/{user_id}/tags", &TaskRoutes::tags},
}};

}  // namespace todo::services::todo_api
