#pragma once
// Exponential backoff with full jitter: attempt n waits a random time in
// [base * 2^(n-1) / 2, base * 2^(n-1)], capped. Jitter spreads retries of many
// failing deliveries so they do not hammer a recovering dependency together.
#include <chrono>

namespace todo::runtime {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap);

}  // namespace todo::runtime
