#pragma once
// todo-api's quick add routes (DESIGN §3.8): POST /api/{user_id}/tasks/quick
// creates a task from one line of text; …/quick/preview answers what that
// line would give, storing nothing, so that clients never parse on their own.
#include <array>
#include <boost/json/object.hpp>

#include "core/task.h"
#include "net/http.h"
#include "services/route_table.h"
#include "services/service_context.h"
#include "services/todo-api/task_changes.h"

namespace todo::services::todo_api {

class QuickAddRoutes {
 public:
  explicit QuickAddRoutes(const ServiceContext& ctx) : ctx_(ctx), changes_(ctx) {}
  // 201 the task plus "parsed"; Idempotency-Key as POST …/tasks.
  net::Response create(net::Request& req);
  // 200 {"parsed": {…}}, or the 422 the create would answer.
  net::Response preview(net::Request& req);

 private:
  struct Prepared {
    core::Task task;
    boost::json::object parsed;
  };
  // What both routes do before the create: parse the text against the
  // user's projects and build the task through the usual rules.
  Prepared prepare(const net::Request& req, const std::string& user_id);

  ServiceContext ctx_;
  TaskChanges changes_;
};

inline constexpr std::array<RouteSpec<QuickAddRoutes>, 2> kQuickAddRoutes = {{
    {"POST", "/api/{user_id}/tasks/quick", &QuickAddRoutes::create},
    {"POST", "/api/{user_id}/tasks/quick/preview", &QuickAddRoutes::preview},
}};

}  // namespace todo::services::todo_api
