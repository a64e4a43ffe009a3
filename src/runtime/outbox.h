#pragma once
// Writes events into the event log table inside the caller's transaction —
// the transactional outbox shared by every runtime. Locally the table is the
// log subscribers read; with Dapr a relay forwards its rows to the sidecar.
#include <functional>
#include <initializer_list>
#include <string_view>

#include "core/events.h"
#include "db/transaction.h"

namespace todo::runtime {

// Inserts the event once per topic, in one statement, serialising it once.
// `after_commit(topic)` runs for each topic once the transaction has
// committed (waking readers); it is skipped on rollback.
void write_to_outbox(db::Transaction& tx, std::initializer_list<std::string_view> topics, const core::Event& event,
                     const std::function<void(std::string_view)>& after_commit);

}  // namespace todo::runtime
