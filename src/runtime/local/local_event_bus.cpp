#include "runtime/local/local_event_bus.h"

#include "db/transaction.h"
#include "obs/log.h"
#include "obs/metrics.h"
#include "runtime/outbox.h"

namespace todo::runtime::local {

LocalEventBus::LocalEventBus(db::Pool& pool, BusOptions options, const Clock& clock)
    : pool_(pool), opts_(options), clock_(clock) {
  notifier_ = std::make_unique<PgNotifier>(pool_.url(), [this](std::string_view topic) { wake(topic); });
}

LocalEventBus::~LocalEventBus() { stop(); }

void LocalEventBus::publish(db::Transaction& tx, std::string_view topic, const core::Event& event) {
  publish(tx, {topic}, event);
}

void LocalEventBus::publish(db::Transaction& tx, std::initializer_list<std::string_view> topics,
                            const core::Event& event) {
  write_to_outbox(tx, topics, event, [this](std::string_view t) {
    wake(t);
    notifier_->notify(t);
  });
}

void LocalEventBus::subscribe(Subscription subscription) {
  if (started_) throw std::logic_error("subscribe() after start()");
  dispatchers_.push_back(std::make_unique<EventDispatcher>(pool_.url(), std::move(subscription), opts_, clock_));
}

void LocalEventBus::wake(std::string_view topic) {
  // "*" after a reconnect; "replay" when a dead letter replay was requested.
  const bool replay = topic == "replay";
  for (auto& d : dispatchers_)
    if (topic == "*" || replay || d->subscription().topic == topic) d->wake(replay);
}

void LocalEventBus::start() {
  started_ = true;
  obs::metrics().gauge_fn("event_log_backlog", "Events not yet consumed by the slowest durable subscriber", [this] {
    auto conn = pool_.acquire();
    return static_cast<double>(
        conn->exec("SELECT coalesce(sum(greatest(0, (SELECT coalesce(max(seq), 0) FROM event_log l"
                   " WHERE l.topic = s.topic) - s.cursor_seq)), 0)::bigint FROM event_subscriptions s")
            .front()
            .int64(0));
  });
  obs::metrics().gauge_fn("event_dead_letters", "Dead letters waiting for a replay", [this] {
    auto conn = pool_.acquire();
    return static_cast<double>(
        conn->exec("SELECT count(*) FROM event_dead_letters WHERE status <> 'replayed'").front().int64(0));
  });
  notifier_->start();
  for (auto& d : dispatchers_) d->start();
  janitor_ = std::thread([this] { janitor(); });
}

void LocalEventBus::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (janitor_.joinable()) janitor_.join();
  for (auto& d : dispatchers_) d->stop();
  notifier_->stop();
}

long long LocalEventBus::prune() {
  const auto cutoff = clock_.now() - std::chrono::duration_cast<core::Millis>(opts_.retention);
  auto conn = pool_.acquire();
  // A row goes once it is old enough and every durable subscriber of its
  // topic has passed it; with Dapr it must also have been relayed.
  const auto removed = conn->exec(
      "DELETE FROM event_log e WHERE e.created_at < $1"
      " AND e.seq <= coalesce((SELECT min(s.cursor_seq) FROM event_subscriptions s WHERE s.topic = e.topic), e.seq)",
      db::Params(cutoff));
  conn->exec("DELETE FROM processed_events WHERE processed_at < $1", db::Params(cutoff));
  return removed.affected();
}

void LocalEventBus::janitor() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait_for(lock, std::chrono::hours(1), [this] { return stopping_; });
    if (stopping_) return;
    lock.unlock();
    try {
      const auto n = prune();
      if (n > 0) obs::info("event-bus", "pruned consumed events", {{"rows", n}});
    } catch (const std::exception& e) {
      obs::warn("event-bus", "pruning failed", {{"error", e.what()}});
    }
    lock.lock();
  }
}

}  // namespace todo::runtime::local
