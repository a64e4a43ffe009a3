#include "runtime/consume_once.h"

#include "db/transaction_batch.h"

namespace todo::runtime {
namespace {

// Records (consumer, event id) in `tx`; false when it was there already (a
// redelivery: the effect happened before).
bool mark_processed(db::Transaction& tx, std::string_view consumer, const core::Event& event) {
  return tx.exec("INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                 db::Params(consumer, event.id))
             .affected() > 0;
}

// `consumer` empty: the effect is idempotent by itself, nothing is recorded.
Delivery consume(db::Pool& pool, std::string_view consumer, const core::Event& event,
                 const std::function<Delivery(db::Transaction&)>& effect) {
  const bool record = !consumer.empty();
  auto outcome = Delivery::Success;
  const bool batched = db::run_in_batch(db::TransactionBatch::Joins::Consumers, pool, [&](db::Transaction& tx) {
    if (record && !mark_processed(tx, consumer, event)) return true;  // a duplicate: nothing to do
    outcome = effect(tx);
    // Retry or Drop: its writes are in the batch's transaction, so the whole batch must go.
    return outcome == Delivery::Success;
  });
  if (batched) return outcome;

  auto conn = pool.acquire();
  db::Transaction tx(*conn);
  if (record && !mark_processed(tx, consumer, event)) {  // a duplicate: the effect is already there
    tx.commit();
    return Delivery::Success;
  }
  outcome = effect(tx);
  // Retry and Drop leave no trace, not even the processed mark: the
  // transaction rolls back when it goes out of scope uncommitted.
  if (outcome == Delivery::Success) tx.commit();
  return outcome;
}

}  // namespace

Delivery consume_once(db::Pool& pool, std::string_view consumer, const core::Event& event,
                      const std::function<Delivery(db::Transaction&)>& effect) {
  return consume(pool, consumer, event, effect);
}

Delivery consume_idempotent(db::Pool& pool, const core::Event& event,
                            const std::function<Delivery(db::Transaction&)>& effect) {
  return consume(pool, {}, event, effect);
}

}  // namespace todo::runtime
