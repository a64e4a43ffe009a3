#include "runtime/eventlog/intents.h"

#include <boost/json.hpp>

#include "core/uuid.h"
#include "obs/log.h"
#include "runtime/eventlog/event_log.h"

namespace todo::runtime::eventlog {
namespace json = boost::json;

void write_intent(EventLog& log, db::Transaction& tx, std::string_view producer, std::string_view type,
                  std::string_view key, json::object data, core::Instant now) {
  core::Event e;
  e.id = core::new_uuid();
  e.type = type;
  e.subject = key;
  e.partition_key = key;
  e.time = now;
  e.source = producer;
  e.traceparent = core::child_traceparent("");
  e.data = std::move(data);
  log.write(tx, {kIntentsTopic}, e);
}

void write_invoke_intent(EventLog& log, db::Transaction& tx, std::string_view caller, std::string_view app_id,
                         const net::Request& request, core::Instant now) {
  json::array headers;
  for (const auto& [k, v] : request.headers) headers.push_back(json::array{json::string(k), json::string(v)});
  const auto key = request.header("idempotency-key");
  write_intent(log, tx, caller, intent_types::kInvoke, key.empty() ? app_id : key,
               json::object{{"app_id", app_id},
                            {"method", request.method},
                            {"target", request.target.empty() ? request.path : request.target},
                            {"headers", std::move(headers)},
                            {"body", request.body}},
               now);
}

Delivery carry_out_invoke(Invoker& invoker, const json::object& data) {
  net::Request req;
  std::string app_id;
  try {
    app_id = json::value_to<std::string>(data.at("app_id"));
    req.method = json::value_to<std::string>(data.at("method"));
    req.target = json::value_to<std::string>(data.at("target"));
    req.path = req.target.substr(0, req.target.find('?'));
    for (const auto& h : data.at("headers").as_array()) {
      const auto& pair = h.as_array();
      req.headers.emplace_back(json::value_to<std::string>(pair.at(0)), json::value_to<std::string>(pair.at(1)));
    }
    req.body = json::value_to<std::string>(data.at("body"));
  } catch (const std::exception& e) {
    obs::error("intents", "malformed invoke intent", {{"error", e.what()}});
    return Delivery::Drop;
  }
  const auto res = invoker.invoke(app_id, std::move(req));
  if (res.status >= 200 && res.status < 300) return Delivery::Success;
  if (res.status >= 500) return Delivery::Retry;  // the callee is away or failing: later
  obs::error("intents", "an invocation was refused",
             {{"app_id", app_id}, {"status", res.status}, {"body", res.body.substr(0, 300)}});
  return Delivery::Drop;
}

Subscription intent_subscription(std::string producer, IntentExecutors executors) {
  Subscription s;
  s.topic = std::string(kIntentsTopic);
  s.subscriber = producer + ".intents";
  s.handler = [producer, executors = std::move(executors)](const core::Event& e) {
    const auto it = executors.find(e.type);
    if (it == executors.end()) {
      obs::error(producer, "no executor for this intent", {{"type", e.type}, {"key", e.subject}});
      return Delivery::Drop;
    }
    return it->second(e.data);
  };
  return s;
}

}  // namespace todo::runtime::eventlog
