#include "runtime/outbox.h"

#include <boost/json.hpp>

#include "obs/metrics.h"

namespace todo::runtime {

void write_to_outbox(db::Transaction& tx, std::initializer_list<std::string_view> topics, const core::Event& event,
                     const std::function<void(std::string_view)>& after_commit) {
  const auto payload = boost::json::serialize(event.to_cloud_event());
  std::string sql = "INSERT INTO event_log (topic, id, event_type, partition_key, payload, created_at) VALUES ";
  db::Params p(event.id, event.type, event.partition_key, payload, event.time);
  for (const auto topic : topics) {
    p.add(topic);
    sql += (p.size() > 6 ? ", ($" : "($") + std::to_string(p.size()) + ", $1, $2, $3, $4, $5)";
  }
  tx.exec(sql, p);
  for (const auto topic : topics) {
    tx.on_commit([t = std::string(topic), after_commit] {
      obs::metrics().counter("events_published_total", "Events committed to the outbox", {{"topic", t}}).inc();
      if (after_commit) after_commit(t);
    });
  }
}

}  // namespace todo::runtime
