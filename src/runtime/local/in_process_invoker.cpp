#include "runtime/local/in_process_invoker.h"

#include "core/error.h"
#include "net/error_mapping.h"
#include "runtime/eventlog/intents.h"

namespace todo::runtime::local {

net::Response InProcessInvoker::invoke(std::string_view app_id, net::Request request) {
  const auto it = apps_.find(app_id);
  if (it == apps_.end()) {
    // Like a sidecar that cannot reach the app: the caller retries later.
    return net::error_response(core::ApiError(core::ErrorCode::Unavailable,
                                              std::string(app_id) + " is not hosted in this process"),
                               request.request_id);
  }
  return it->second->handle(request);
}

void InProcessInvoker::invoke_after_commit(db::Transaction& tx, std::string_view caller, std::string_view app_id,
                                           const net::Request& request) {
  eventlog::write_invoke_intent(log_, tx, caller, app_id, request, clock_.now());
}

}  // namespace todo::runtime::local
