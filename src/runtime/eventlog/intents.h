#pragma once
// Intents: what a transaction must cause outside the database, other than
// events — a call to another service, a Dapr Jobs API request. They are
// written to the outbox (topic `intents`) in the transaction and carried out
// by the producer's intent reader after commit, so no network call ever
// happens while a transaction is open, and none happens for a rolled-back one.
//
// Intents with the same key are carried out in order (a job's schedule before
// its cancel). An executor answers like an event handler: Success, Retry
// (backoff, never given up: the target is down) or Drop (dead letter: the
// target refused it for good).
#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/time.h"
#include "db/transaction.h"
#include "net/http.h"
#include "runtime/event_bus.h"
#include "runtime/invoker.h"

namespace todo::runtime::eventlog {

class EventLog;

inline constexpr std::string_view kIntentsTopic = "intents";

namespace intent_types {
inline constexpr std::string_view kInvoke = "intent.invoke";
inline constexpr std::string_view kScheduleJob = "intent.job.schedule";
inline constexpr std::string_view kCancelJob = "intent.job.cancel";
}  // namespace intent_types

void write_intent(EventLog& log, db::Transaction& tx, std::string_view producer, std::string_view type,
                  std::string_view key, boost::json::object data, core::Instant now);

// Invoker::invoke_after_commit for every adapter: the call as an invoke
// intent of `caller`, ordered by its Idempotency-Key (else by callee).
void write_invoke_intent(EventLog& log, db::Transaction& tx, std::string_view caller, std::string_view app_id,
                         const net::Request& request, core::Instant now);
// Makes the call of an invoke intent: 2xx Success, 5xx Retry, else Drop.
Delivery carry_out_invoke(Invoker& invoker, const boost::json::object& data);

using IntentExecutor = std::function<Delivery(const boost::json::object& data)>;
using IntentExecutors = std::map<std::string, IntentExecutor, std::less<>>;

// The reader of `producer`'s intents. An intent of a type without executor
// is dropped (dead-lettered) with a log line.
Subscription intent_subscription(std::string producer, IntentExecutors executors);

}  // namespace todo::runtime::eventlog
