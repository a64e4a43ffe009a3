#pragma once
#include <chrono>

namespace todo::runtime::local {

// Delivery policy of the local event bus (configurable, see docs/operations.md).
struct BusOptions {
  int max_attempts = 8;                              // then the event is dead-lettered
  std::chrono::milliseconds retry_base{100};         // first backoff; doubles per attempt
  std::chrono::milliseconds retry_max{30000};        // backoff cap
  std::chrono::milliseconds poll_interval{1000};     // safety net when a wake-up is missed
  std::chrono::seconds retention{7 * 24 * 3600};     // consumed log rows older than this are pruned
  int batch = 1000;                                  // rows read per round
  int parallelism = 4;                               // lanes of partition keys delivered concurrently
};

}  // namespace todo::runtime::local
