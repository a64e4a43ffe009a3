#pragma once
// The Invoker port inside one process (embedded runtime): a call goes
// straight to the target service's internal routes through its dispatcher,
// with the same request/response values as over the network.
#include <map>
#include <string>

#include "net/dispatcher.h"
#include "runtime/invoker.h"

namespace todo::runtime::local {

class InProcessInvoker final : public Invoker {
 public:
  void add(std::string app_id, const net::Dispatcher& dispatcher) { apps_.emplace(std::move(app_id), &dispatcher); }
  net::Response invoke(std::string_view app_id, net::Request request) override;

 private:
  std::map<std::string, const net::Dispatcher*, std::less<>> apps_;
};

}  // namespace todo::runtime::local
