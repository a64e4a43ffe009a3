#pragma once
// todo-api: owns tasks. Serves DESIGN §3.3 and publishes task events.
#include "net/router.h"
#include "services/service_context.h"

namespace todo::services::todo_api {

class TodoApiService {
 public:
  explicit TodoApiService(ServiceContext ctx) : ctx_(ctx) {}

  // Public routes under /api/{user_id}/...
  void add_routes(net::Router& router);

 private:
  net::Response list(net::Request& req);
  net::Response create(net::Request& req);
  net::Response get(net::Request& req);
  net::Response update(net::Request& req);
  net::Response complete(net::Request& req);
  net::Response remove(net::Request& req);
  net::Response stats(net::Request& req);
  net::Response tags(net::Request& req);

  ServiceContext ctx_;
};

}  // namespace todo::services::todo_api
