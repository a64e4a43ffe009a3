#pragma once
// The gateway as the public edge (DESIGN §8.4): the public routes of services
// hosted in other processes are forwarded to them through the Invoker (Dapr
// service invocation), passing method, path, query and body, the request
// headers a callee needs and the response headers a client needs. The callee
// still verifies the token itself. An unreachable callee is 503
// `unavailable` with Retry-After.
#include <vector>

#include "net/router.h"
#include "runtime/invoker.h"
#include "services/service_context.h"

namespace todo::services::gateway {

void add_forwarding_routes(net::ServiceRoutes& routes, runtime::Invoker& invoker,
                           const std::vector<RemoteRoute>& remote_routes);

// The request as it goes to the callee: only the forwarded headers.
net::Request forwarded_request(const net::Request& req);
// The callee's answer as it goes to the client: only the forwarded headers.
net::Response forwarded_response(net::Response res);

}  // namespace todo::services::gateway
