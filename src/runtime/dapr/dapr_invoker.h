#pragma once
// The Invoker port beside a Dapr sidecar: service invocation through
// /v1.0/invoke/<app id>/method/<path>?<query>. What the callee answered
// comes back as it is; when it cannot be reached (the sidecar is down, or
// answers with its own error because the callee is down or unknown) the
// answer is 503 `unavailable` with Retry-After, in the error contract.
#include <chrono>
#include <string>

#include "runtime/clock.h"
#include "runtime/dapr/sidecar.h"
#include "runtime/eventlog/event_log.h"
#include "runtime/invoker.h"

namespace todo::runtime::dapr {

class DaprInvoker final : public Invoker {
 public:
  DaprInvoker(eventlog::EventLog& log, Sidecar& sidecar, const Clock& clock) : log_(log), sidecar_(sidecar), clock_(clock) {}
  net::Response invoke(std::string_view app_id, net::Request request) override;
  void invoke_after_commit(db::Transaction& tx, std::string_view caller, std::string_view app_id,
                           const net::Request& request) override;

 private:
  eventlog::EventLog& log_;
  Sidecar& sidecar_;
  const Clock& clock_;
};

}  // namespace todo::runtime::dapr
