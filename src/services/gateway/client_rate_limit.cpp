#include "services/gateway/client_rate_limit.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/strings.h"

namespace todo::services::gateway {

std::string client_address(const net::Request& req, const net::AddressSet& trusted) {
  if (!trusted.contains(req.remote_address)) return req.remote_address;
  const auto forwarded = core::split_list(req.header("x-forwarded-for"));
  // The last entry is what the trusted proxy saw; earlier ones are the client's word.
  for (auto it = forwarded.rbegin(); it != forwarded.rend(); ++it)
    if (!it->empty()) return std::string(*it);
  return req.remote_address;
}

ClientRateLimit::ClientRateLimit(int per_minute, net::AddressSet trusted_proxies)
    : per_minute_(per_minute), trusted_(std::move(trusted_proxies)) {}

std::optional<int> ClientRateLimit::admit(const std::string& client, std::chrono::steady_clock::time_point now) {
  if (per_minute_ <= 0) return std::nullopt;
  const double rate = per_minute_ / 60.0;  // tokens per second
  const double burst = per_minute_;
  std::lock_guard lock(mu_);
  if (now - last_sweep_ > std::chrono::minutes(1)) {
    // A bucket idle for a minute is full again: forgetting it changes nothing.
    std::erase_if(buckets_, [&](const auto& kv) { return now - kv.second.last > std::chrono::minutes(1); });
    last_sweep_ = now;
  }
  auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst, now});
  auto& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst, b.tokens + std::chrono::duration<double>(now - b.last).count() * rate);
    b.last = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate)));
}

size_t ClientRateLimit::tracked_clients() {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

void ClientRateLimit::check(const net::Request& req) {
  if (const auto wait = admit(client_address(req, trusted_), std::chrono::steady_clock::now()))
    throw core::ApiError(core::ErrorCode::RateLimited, "too many requests from this client, try again later")
        .with_retry_after(*wait);
}

}  // namespace todo::services::gateway
