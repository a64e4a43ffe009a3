#pragma once
// The Invoker port: call another service's HTTP method by app id (Dapr
// service invocation semantics). Embedded, the call goes straight to that
// service's router in the same process; with Dapr it goes through the sidecar.
#include <string_view>

#include "db/transaction.h"
#include "net/http.h"

namespace todo::runtime {

class Invoker {
 public:
  virtual ~Invoker() = default;
  // `request.method`, `request.path` (and query), headers and body are sent to
  // `app_id`. Failures to reach the service come back as a 503 response.
  virtual net::Response invoke(std::string_view app_id, net::Request request) = 0;
  // The same call, made after `tx` commits and only if it does: the request
  // is written to the outbox as an intent of `caller` (an app id) and carried
  // out by the caller's intent relay, retried with backoff while the callee
  // answers 5xx or cannot be reached, dead-lettered on any other non-2xx.
  // The callee must be idempotent for it (e.g. an Idempotency-Key): a retry
  // after a lost answer repeats the call. The answer is not returned.
  virtual void invoke_after_commit(db::Transaction& tx, std::string_view caller, std::string_view app_id,
                                   const net::Request& request) = 0;
};

}  // namespace todo::runtime
