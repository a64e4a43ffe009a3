#pragma once
#include <algorithm>
#include <chrono>
#include <climits>

namespace todo::runtime::eventlog {

// Delivery policy of the event log's readers (configurable, see docs/operations.md).
struct LogOptions {
  int max_attempts = 8;                              // then the event is dead-lettered
  std::chrono::milliseconds retry_base{100};         // first backoff; doubles per attempt
  std::chrono::milliseconds retry_max{30000};        // backoff cap
  std::chrono::milliseconds poll_interval{1000};     // safety net when a wake-up is missed
  std::chrono::seconds retention{7 * 24 * 3600};     // consumed log rows older than this are pruned
  int batch = 1000;                                  // rows read per round
  int parallelism = 4;                               // lanes of partition keys delivered concurrently
  int group_commit = 32;                             // consumed events whose effects share a transaction
};

// The policy of readers that carry the outbox out of the database (relays to
// a sidecar, intents): they never give up on a row — the target is away, and
// the row must go out once it is back — and back off at most 10 s so they
// resume soon after it returns.
inline LogOptions relay_options(LogOptions base) {
  base.max_attempts = INT_MAX;
  base.retry_max = std::min(base.retry_max, std::chrono::milliseconds(10000));
  return base;
}

}  // namespace todo::runtime::eventlog
