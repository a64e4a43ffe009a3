#include "runtime/eventlog/event_log.h"

#include <boost/json.hpp>

#include "obs/log.h"
#include "obs/metrics.h"

namespace todo::runtime::eventlog {

EventLog::EventLog(db::Pool& pool, LogOptions options, const Clock& clock)
    : pool_(pool), opts_(options), clock_(clock) {}

EventLog::~EventLog() { stop(); }

void EventLog::write(db::Transaction& tx, std::initializer_list<std::string_view> topics, const core::Event& event) {
  const auto payload = boost::json::serialize(event.to_cloud_event());
  std::string sql = "INSERT INTO event_log (topic, id, event_type, partition_key, payload, created_at, producer) VALUES ";
  db::Params p(event.id, event.type, event.partition_key, payload, event.time, event.source);
  for (const auto topic : topics) {
    p.add(topic);
    sql += (p.size() > 7 ? ", ($" : "($") + std::to_string(p.size()) + ", $1, $2, $3, $4, $5, $6)";
  }
  tx.exec_deferred(sql, p);
  for (const auto topic : topics) {
    tx.on_commit([this, t = std::string(topic)] {
      obs::metrics().counter("events_published_total", "Events committed to the outbox", {{"topic", t}}).inc();
      wake(t);
      if (notifier_) notifier_->notify(t);
    });
  }
}

void EventLog::add_reader(Subscription subscription, std::string producer, std::optional<LogOptions> options) {
  if (started_) throw std::logic_error("EventLog::add_reader after start()");
  readers_.push_back(std::make_unique<EventDispatcher>(pool_, std::move(subscription), options.value_or(opts_), clock_,
                                                       std::move(producer)));
}

void EventLog::wake(std::string_view topic) {
  // "*" after a reconnect; "replay" when a dead letter replay was requested.
  const bool replay = topic == "replay";
  for (auto& r : readers_)
    if (topic == "*" || replay || r->subscription().topic == topic) r->wake(replay);
}

void EventLog::start() {
  started_ = true;
  // A scrape waits at most a second for a connection: with every one busy it
  // reports NaN rather than hold the scrape (and its thread) for long.
  static constexpr std::chrono::seconds kScrapeWait{1};
  obs::metrics().gauge_fn("event_log_backlog", "Events not yet consumed by the slowest durable reader", [this] {
    auto conn = pool_.acquire(kScrapeWait);
    return static_cast<double>(
        conn->exec("SELECT coalesce(sum(greatest(0, (SELECT coalesce(max(seq), 0) FROM event_log l"
                   " WHERE l.topic = s.topic) - s.cursor_seq)), 0)::bigint FROM event_subscriptions s")
            .front()
            .int64(0));
  });
  obs::metrics().gauge_fn("event_dead_letters", "Dead letters waiting for a replay", [this] {
    auto conn = pool_.acquire(kScrapeWait);
    return static_cast<double>(
        conn->exec("SELECT count(*) FROM event_dead_letters WHERE status <> 'replayed'").front().int64(0));
  });
  notifier_ = std::make_unique<PgNotifier>(pool_.url(), [this](std::string_view topic) { wake(topic); });
  notifier_->start();
  for (auto& r : readers_) r->start();
  janitor_ = std::thread([this] { janitor(); });
}

void EventLog::stop() {
  if (!flag_.stop()) return;
  if (janitor_.joinable()) janitor_.join();
  for (auto& r : readers_) r->stop();
  if (notifier_) notifier_->stop();
}

long long EventLog::prune() {
  const auto cutoff = clock_.now() - std::chrono::duration_cast<core::Millis>(opts_.retention);
  auto conn = pool_.acquire();
  // A row goes once it is old enough and every durable reader of its topic
  // (subscribers embedded, relays beside Dapr) has passed it.
  const auto removed = conn->exec(
      "DELETE FROM event_log e WHERE e.created_at < $1"
      " AND e.seq <= coalesce((SELECT min(s.cursor_seq) FROM event_subscriptions s WHERE s.topic = e.topic), e.seq)",
      db::Params(cutoff));
  conn->exec("DELETE FROM processed_events WHERE processed_at < $1", db::Params(cutoff));
  return removed.affected();
}

void EventLog::janitor() {
  while (flag_.wait_for(std::chrono::hours(1))) {
    try {
      const auto n = prune();
      if (n > 0) obs::info("event-log", "pruned consumed events", {{"rows", n}});
    } catch (const std::exception& e) {
      obs::warn("event-log", "pruning failed", {{"error", e.what()}});
    }
  }
}

}  // namespace todo::runtime::eventlog
