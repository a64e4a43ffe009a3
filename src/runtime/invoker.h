#pragma once
// The Invoker port: call another service's HTTP method by app id (Dapr
// service invocation semantics). Embedded, the call goes straight to that
// service's router in the same process; with Dapr it goes through the sidecar.
#include <string_view>

#include "net/http.h"

namespace todo::runtime {

class Invoker {
 public:
  virtual ~Invoker() = default;
  // `request.method`, `request.path` (and query), headers and body are sent to
  // `app_id`. Failures to reach the service come back as a 503 response.
  virtual net::Response invoke(std::string_view app_id, net::Request request) = 0;
};

}  // namespace todo::runtime
