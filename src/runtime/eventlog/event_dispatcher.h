#pragma once
// Delivers one topic of the event log to one reader, on its own thread and
// its own database connection. Readers are the embedded runtime's
// subscribers, and in every runtime the relays that carry the outbox out of
// the database (events to a Dapr sidecar, intents to their target).
//
// Position. Every seq <= cursor is done (delivered, dead-lettered or a
// permanent gap). seq values are drawn at insert time, so a later seq can
// become visible before an earlier one. Rows are delivered as they become
// visible (that is commit order); a missing seq below a visible one is a gap
// that holds the cursor back until it is either filled or provably empty:
// when the gap is first seen we take a fresh xid as its horizon; once a
// snapshot's xmin reaches it, every transaction that could have drawn that
// seq has ended, so a still-missing seq was rolled back and is skipped. No
// committed event is ever skipped.
//
// Order and retries. Within a partition key (the user) events are delivered
// in order: while one waits for a retry, later events of that key wait too;
// other keys go on. Keys are spread over `parallelism` lanes delivered
// concurrently, so handlers must be thread-safe. After max_attempts the event goes to the dead letters and
// the key moves on. Attempts are stored, so the bound holds across restarts.
//
// Exclusivity. A competing subscriber holds a session advisory lock on its
// connection: one process of the app delivers, the others stand by and take
// over when its connection goes away. Effects are deduplicated by
// consume_once in any case (see docs/architecture.md).
//
// Producer filter. A reader given a producer (an app id) sees only the rows
// that app wrote; the others count as done without a delivery.
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>

#include "db/connection.h"
#include "db/pool.h"
#include "obs/metrics.h"
#include "runtime/clock.h"
#include "db/transaction_batch.h"
#include "runtime/event_bus.h"
#include "runtime/eventlog/log_options.h"
#include "runtime/eventlog/task_group.h"

namespace todo::runtime::eventlog {

class EventDispatcher {
 public:
  // `pool` gives the URL (read at start) for the dispatcher's own connection.
  EventDispatcher(const db::Pool& pool, Subscription subscription, LogOptions options, const Clock& clock,
                  std::string producer = {});
  ~EventDispatcher();
  void start();
  void stop();
  // A commit (in this or another process) may have added events, or a dead
  // letter replay was requested.
  void wake(bool replay_requested = false);

  const Subscription& subscription() const { return sub_; }

 private:
  struct Row {
    long long seq = 0;
    std::string id;
    std::string type;
    std::string key;
    std::string payload;
    bool mine = true;  // written by the producer this reader follows (or no filter)
    int attempts = 0;
    core::Instant next_attempt{};
  };
  struct Attempt {
    const Row* row;
    Delivery outcome;
    std::string error;
    double lag = -1;  // seconds from the event's time to its successful delivery
  };
  struct Gap {
    long long lo, hi;
    uint64_t horizon;  // an xid assigned after the gap was first seen
  };

  void run();
  bool lead(db::Connection& c);
  // One pass over the log; returns true if more rows are waiting right away.
  bool round(db::Connection& c, core::Instant& next_wake);
  void note_gaps(db::Connection& c, const std::vector<Row>& rows);
  void advance_cursor(db::Connection& c, uint64_t xmin);
  Delivery deliver(const Row& row, std::string& error, double& lag) const;
  // Delivers one lane's rows in order, consumers' effects in batches
  // (db::TransactionBatch); returns whether a key is left waiting.
  bool deliver_lane(const std::vector<const Row*>& rows, core::Instant now, std::vector<Attempt>& out,
                    core::Instant& next_wake) const;
  // What one pass over rows[from, to) left behind.
  struct Pass {
    size_t end;                          // one past the last row it handled
    std::unordered_set<std::string> held;  // keys with an earlier event still waiting
    core::Instant next_wake;
  };
  // Delivers rows[from, to) in order; inside a batch it stops after the row
  // that filled the batch or made it fail.
  void pass(const std::vector<const Row*>& rows, size_t from, size_t to, core::Instant now,
            db::TransactionBatch* batch, Pass& state, std::vector<Attempt>& out) const;
  void record_failure(db::Connection& c, const Row& row, const std::string& error, core::Instant& next_wake);
  void dead_letter(db::Connection& c, const Row& row, int attempts, const std::string& error);
  void clear_failure(db::Connection& c, const Row& row);
  void replay_dead_letters(db::Connection& c);

  const db::Pool& pool_;
  Subscription sub_;
  std::string producer_;
  std::string name_;
  LogOptions opts_;
  const Clock& clock_;

  std::unique_ptr<TaskGroup> lanes_;

  // This subscription's metrics, looked up once rather than per event.
  struct Metrics {
    obs::Counter* consumed[3];  // by Delivery: success, retry, drop
    obs::Histogram* lag;
    obs::Counter* dead_lettered;
  } metrics_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  bool replay_due_ = true;
  std::thread thread_;

  // Owned by the dispatcher thread.
  long long cursor_ = 0;
  std::set<long long> done_;  // delivered seqs above the cursor
  std::vector<Gap> gaps_;     // sorted, disjoint
};

}  // namespace todo::runtime::eventlog
