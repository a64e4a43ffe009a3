#pragma once
// The EventBus port on the event log (embedded runtime): publishing writes
// the outbox, and each subscription is a reader of the log that delivers to
// its handler in this process (EventDispatcher: commit order, per-user order,
// retries with backoff, dead letters).
#include "runtime/event_bus.h"
#include "runtime/eventlog/event_log.h"

namespace todo::runtime::local {

class LocalEventBus final : public EventBus {
 public:
  explicit LocalEventBus(eventlog::EventLog& log) : log_(log) {}

  void publish(db::Transaction& tx, std::string_view topic, const core::Event& event) override {
    log_.write(tx, {topic}, event);
  }
  void publish(db::Transaction& tx, std::initializer_list<std::string_view> topics, const core::Event& event) override {
    log_.write(tx, topics, event);
  }
  void subscribe(Subscription subscription) override { log_.add_reader(std::move(subscription)); }

 private:
  eventlog::EventLog& log_;
};

}  // namespace todo::runtime::local
