#pragma once
// Effectively-once consumption (DESIGN §2.3): the consumer records the event
// id in the same transaction as the effect, so a redelivered event is
// acknowledged without a second effect. Works on every runtime, because it
// only needs the consumer's own database.
#include <functional>
#include <string_view>

#include "core/events.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "runtime/event_bus.h"

namespace todo::runtime {

// Runs `effect` inside a transaction that also records (consumer, event id).
// A duplicate returns Success without running it; an effect answering Retry
// or Drop (or throwing) rolls everything back. Inside a db::TransactionBatch
// scope the transaction is the batch's, and Retry, Drop or an exception
// fail the batch (its owner delivers its events again one by one).
Delivery consume_once(db::Pool& pool, std::string_view consumer, const core::Event& event,
                      const std::function<Delivery(db::Transaction&)>& effect);

// The same for an effect that records the event id itself and does nothing
// the second time (audit-service's entry: one row per event id, ON CONFLICT
// DO NOTHING): no separate processed-event record, one statement less per
// event. Same transaction, batch and outcome rules as consume_once.
Delivery consume_idempotent(db::Pool& pool, const core::Event& event,
                            const std::function<Delivery(db::Transaction&)>& effect);

}  // namespace todo::runtime
