#include "runtime/backoff.h"

#include <algorithm>
#include <random>

namespace todo::runtime {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap) {
  const int shift = std::clamp(attempt - 1, 0, 30);
  const long long ceiling = std::min<long long>(cap.count(), base.count() << std::min(shift, 20));
  thread_local std::mt19937_64 gen{std::random_device{}()};
  std::uniform_int_distribution<long long> dist(ceiling / 2, std::max(ceiling / 2, ceiling));
  return std::chrono::milliseconds(dist(gen));
}

}  // namespace todo::runtime
