#include "runtime/consume_once.h"

namespace todo::runtime {

Delivery consume_once(db::Pool& pool, std::string_view consumer, const core::Event& event,
                      const std::function<Delivery(db::Transaction&)>& effect) {
  auto conn = pool.acquire();
  db::Transaction tx(*conn);
  const auto inserted = tx.exec(
      "INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
      db::Params(consumer, event.id));
  if (inserted.affected() == 0) {  // a duplicate: the effect is already there
    tx.commit();
    return Delivery::Success;
  }
  const auto outcome = effect(tx);
  // Retry and Drop leave no trace, not even the processed mark: the
  // transaction rolls back when it goes out of scope uncommitted.
  if (outcome == Delivery::Success) tx.commit();
  return outcome;
}

}  // namespace todo::runtime
