#include "runtime/dapr/dapr_invoker.h"

#include "core/error.h"
#include "net/error_mapping.h"
#include "obs/log.h"
#include "runtime/eventlog/intents.h"

namespace todo::runtime::dapr {

namespace {

net::Response unavailable(std::string_view app_id, std::string_view request_id) {
  return net::error_response(
      core::ApiError(core::ErrorCode::Unavailable, std::string(app_id) + " is unavailable").with_retry_after(1),
      request_id);
}

}  // namespace

net::Response DaprInvoker::invoke(std::string_view app_id, net::Request request) {
  // The target as received keeps the client's encoding of path and query.
  const auto& target = request.target.empty() ? request.path : request.target;
  const std::string url = "/v1.0/invoke/" + url_escape(app_id) + "/method" + (target.starts_with('/') ? "" : "/") + target;
  net::Headers headers;
  std::string content_type;
  for (auto& [k, v] : request.headers) {
    if (core::iequals(k, "content-type")) content_type = v;
    else headers.emplace_back(k, v);
  }
  net::ClientResponse res;
  try {
    res = sidecar_.call(request.method, url, std::move(request.body), content_type, std::move(headers));
  } catch (const SidecarError& e) {
    obs::warn("invoker", "the sidecar is unreachable", {{"app_id", app_id}, {"error", e.what()}});
    return unavailable(app_id, request.request_id);
  }
  // The sidecar's own failures (the callee down, unknown, or refusing the
  // connection) carry its errorCode; the callee's answers never do.
  if (res.status >= 400 && !sidecar_error_code(res).empty()) {
    obs::warn("invoker", "the callee is unreachable",
              {{"app_id", app_id}, {"status", res.status}, {"error", res.body.substr(0, 300)}});
    return unavailable(app_id, request.request_id);
  }
  net::Response out;
  out.status = res.status;
  out.body = std::move(res.body);
  out.content_type = std::string(res.header("content-type"));
  for (auto& [k, v] : res.headers)
    if (!core::iequals(k, "content-type") && !core::iequals(k, "content-length")) out.headers.emplace_back(k, v);
  return out;
}

void DaprInvoker::invoke_after_commit(db::Transaction& tx, std::string_view caller, std::string_view app_id,
                                      const net::Request& request) {
  eventlog::write_invoke_intent(log_, tx, caller, app_id, request, clock_.now());
}

}  // namespace todo::runtime::dapr
