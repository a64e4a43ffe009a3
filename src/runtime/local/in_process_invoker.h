#pragma once
// The Invoker port inside one process (embedded runtime): a call goes
// straight to the target service's internal routes through its dispatcher,
// with the same request/response values as over the network. Calls after
// commit go through the outbox like every runtime's (eventlog/intents.h).
#include <map>
#include <string>

#include "net/dispatcher.h"
#include "runtime/clock.h"
#include "runtime/eventlog/event_log.h"
#include "runtime/invoker.h"

namespace todo::runtime::local {

class InProcessInvoker final : public Invoker {
 public:
  InProcessInvoker(eventlog::EventLog& log, const Clock& clock) : log_(log), clock_(clock) {}
  // Register before the host starts.
  void add(std::string app_id, const net::Dispatcher& dispatcher) { apps_.emplace(std::move(app_id), &dispatcher); }

  net::Response invoke(std::string_view app_id, net::Request request) override;
  void invoke_after_commit(db::Transaction& tx, std::string_view caller, std::string_view app_id,
                           const net::Request& request) override;

 private:
  eventlog::EventLog& log_;
  const Clock& clock_;
  std::map<std::string, const net::Dispatcher*, std::less<>> apps_;
};

}  // namespace todo::runtime::local
