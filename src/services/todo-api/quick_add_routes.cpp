#include "services/todo-api/quick_add_routes.h"

#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/quick_add.h"
#include "net/json_body.h"
#include "services/todo-api/project_repository.h"
#include "services/todo-api/quick_add_request.h"
#include "services/todo-api/request_rules.h"

namespace todo::services::todo_api {
namespace json = boost::json;

QuickAddRoutes::Prepared QuickAddRoutes::prepare(const net::Request& req, const std::string& user_id) {
  const auto body = parse_quick_add_body(net::json_body(req));
  std::vector<ProjectName> projects;
  {
    auto conn = ctx_.db.acquire();
    projects = ProjectRepository(*conn).names(user_id);
  }
  core::QuickAddContext context{ctx_.clock.now(), body.timezone, {}};
  for (const auto& p : projects) context.project_names.push_back(p.name);
  const auto parsed = core::parse_quick_add(body.text, context);
  const auto project_id = project_id_of(parsed, projects);
  // A project deleted after this read is refused by the create (422), as
  // for POST …/tasks.
  return Prepared{quick_add_task(parsed, body.timezone, project_id), parsed_json(parsed, project_id)};
}

net::Response QuickAddRoutes::create(net::Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto key = idempotency_key(req);
  auto prepared = prepare(req, user_id);
  CreateOptions options;
  options.extra = json::object{{"parsed", std::move(prepared.parsed)}};
  return changes_.create(req, user_id, std::move(prepared.task), key, options);
}

net::Response QuickAddRoutes::preview(net::Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  return net::json_response(200, json::object{{"parsed", prepare(req, user_id).parsed}});
}

}  // namespace todo::services::todo_api
