#pragma once
// todo-api's public routes of projects (DESIGN §3.8): /api/{user_id}/projects…
#include <array>

#include "net/http.h"
#include "services/route_table.h"
#include "services/service_context.h"
#include "services/todo-api/task_changes.h"

namespace todo::services::todo_api {

class ProjectRoutes {
 public:
  explicit ProjectRoutes(const ServiceContext& ctx) : ctx_(ctx), tasks_(ctx) {}
  net::Response list(net::Request& req);
  net::Response create(net::Request& req);
  net::Response get(net::Request& req);
  net::Response update(net::Request& req);
  // Its tasks go to the inbox, or with ?delete_tasks=true to the trash, each
  // with its event, before project.deleted.
  net::Response remove(net::Request& req);

 private:
  ServiceContext ctx_;
  TaskChanges tasks_;
};

inline constexpr std::array<RouteSpec<ProjectRoutes>, 5> kProjectRoutes = {{
    {"GET", "/api/{user_id}/projects", &ProjectRoutes::list},
    {"POST", "/api/{user_id}/projects", &ProjectRoutes::create},
    {"GET", "/api/{user_id}/projects/{id}", &ProjectRoutes::get},
    {"PATCH", "/api/{user_id}/projects/{id}", &ProjectRoutes::update},
    {"DELETE", "/api/{user_id}/projects/{id}", &ProjectRoutes::remove},
}};

}  // namespace todo::services::todo_api
