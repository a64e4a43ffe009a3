#include "runtime/backoff.h"

#include <algorithm>
#include <random>

namespace todo::runtime {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap) {
  // Doubles per attempt until the cap, saturating instead of overflowing.
  long long ceiling = std::max<long long>(0, base.count());
  for (int i = 1; i < attempt && ceiling > 0 && ceiling < cap.count(); ++i) ceiling *= 2;
  ceiling = std::min<long long>(ceiling, std::max<long long>(0, cap.count()));
  thread_local std::mt19937_64 gen{std::random_device{}()};
  std::uniform_int_distribution<long long> dist(ceiling / 2, std::max(ceiling / 2, ceiling));
  return std::chrono::milliseconds(dist(gen));
}

}  // namespace todo::runtime
