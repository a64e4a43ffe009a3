#pragma once
// The EventBus port on PostgreSQL (embedded runtime). The outbox table is the
// log; each subscription gets an EventDispatcher. A commit wakes the
// dispatchers of its topic in this process at once and, through PgNotifier,
// those of every other process.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/pool.h"
#include "runtime/clock.h"
#include "runtime/event_bus.h"
#include "runtime/local/bus_options.h"
#include "runtime/local/event_dispatcher.h"
#include "runtime/local/pg_notifier.h"

namespace todo::runtime::local {

class LocalEventBus final : public EventBus {
 public:
  LocalEventBus(db::Pool& pool, BusOptions options, const Clock& clock = system_clock());
  ~LocalEventBus() override;

  void publish(db::Transaction& tx, std::string_view topic, const core::Event& event) override;
  void publish(db::Transaction& tx, std::initializer_list<std::string_view> topics, const core::Event& event) override;
  void subscribe(Subscription subscription) override;
  void start() override;
  void stop() override;

  // Deletes consumed log rows older than the retention (and old processed-event
  // marks). Returns the number of log rows removed. Runs hourly on its own.
  long long prune();

 private:
  void wake(std::string_view topic);
  void janitor();

  db::Pool& pool_;
  BusOptions opts_;
  const Clock& clock_;
  std::vector<std::unique_ptr<EventDispatcher>> dispatchers_;
  std::unique_ptr<PgNotifier> notifier_;
  bool started_ = false;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread janitor_;
};

}  // namespace todo::runtime::local
