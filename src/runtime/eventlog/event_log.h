#pragma once
// The event log on PostgreSQL: the transactional outbox of every runtime.
//
// write() inserts an event (or an intent) into `event_log` inside the
// caller's transaction, so it exists if and only if that transaction commits
// (no dual writes). Readers (EventDispatcher) follow one topic each from a
// durable position, in commit order, without ever skipping a committed row:
// - embedded, the readers are the subscribers themselves (runtime/local);
// - beside Dapr, the readers are the relays that publish each service's own
//   rows to its sidecar and carry out its intents (runtime/dapr).
// A commit wakes this process's readers of its topics at once and, through
// PgNotifier's coalesced NOTIFY, those of every other process; a safety poll
// covers a lost notification.
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/events.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "runtime/clock.h"
#include "runtime/event_bus.h"
#include "runtime/eventlog/event_dispatcher.h"
#include "runtime/eventlog/log_options.h"
#include "runtime/eventlog/pg_notifier.h"
#include "runtime/stop_flag.h"

namespace todo::runtime::eventlog {

class EventLog {
 public:
  EventLog(db::Pool& pool, LogOptions options, const Clock& clock = system_clock());
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Inserts `event` once per topic in one statement, recording event.source
  // as the producer. Readers are woken when `tx` commits.
  void write(db::Transaction& tx, std::initializer_list<std::string_view> topics, const core::Event& event);

  // A reader of `subscription.topic`; register before start(). With a
  // `producer` it sees only that app's rows. `options` replaces the log's
  // delivery policy for this reader (a relay never dead-letters).
  void add_reader(Subscription subscription, std::string producer = {}, std::optional<LogOptions> options = {});

  void start();
  // Finishes the deliveries in progress, then stops.
  void stop();

  // Deletes rows older than the retention that every durable reader of their
  // topic has passed (and old processed-event marks). Returns the number of
  // log rows removed. Runs hourly on its own once started.
  long long prune();

  const LogOptions& options() const { return opts_; }
  db::Pool& pool() { return pool_; }

 private:
  void wake(std::string_view topic);
  void janitor();

  db::Pool& pool_;
  LogOptions opts_;
  const Clock& clock_;
  std::vector<std::unique_ptr<EventDispatcher>> readers_;
  std::unique_ptr<PgNotifier> notifier_;
  bool started_ = false;

  StopFlag flag_;
  std::thread janitor_;
};

}  // namespace todo::runtime::eventlog
