#include "runtime/outbox.h"

#include <boost/json.hpp>

#include "obs/metrics.h"

namespace todo::runtime {

void write_to_outbox(db::Transaction& tx, std::string_view topic, const core::Event& event,
                     const std::function<void(std::string_view)>& after_commit) {
  tx.exec(
      "INSERT INTO event_log (topic, id, event_type, partition_key, payload, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6)",
      db::Params(topic, event.id, event.type, event.partition_key, boost::json::serialize(event.to_cloud_event()),
                 event.time));
  tx.on_commit([topic = std::string(topic), after_commit] {
    obs::metrics().counter("events_published_total", "Events committed to the outbox", {{"topic", topic}}).inc();
    if (after_commit) after_commit(topic);
  });
}

}  // namespace todo::runtime
