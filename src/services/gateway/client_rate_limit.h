#pragma once
// A per-client rate limit (a token bucket per client address) for the
// account routes, against password guessing and hashing floods from one
// place. In memory, per process: each gateway replica counts its own.
//
// The client is the connection's remote address, or — when that address is
// a trusted proxy (the edge, the ingress) — the last address its
// X-Forwarded-For appended. Idle clients are forgotten, so the map stays
// bounded by the clients of the last minute.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "net/address_set.h"
#include "net/http.h"

namespace todo::services::gateway {

// The address a request comes from, trusting X-Forwarded-For only from `trusted` peers.
std::string client_address(const net::Request& req, const net::AddressSet& trusted);

class ClientRateLimit {
 public:
  // `per_minute` requests per client per minute, in bursts of up to as many; 0: no limit.
  ClientRateLimit(int per_minute, net::AddressSet trusted_proxies);
  // nullopt: go ahead; else the seconds to wait.
  std::optional<int> admit(const std::string& client, std::chrono::steady_clock::time_point now);
  // Throws ApiError(RateLimited) with Retry-After when `req`'s client is over the limit.
  void check(const net::Request& req);
  // How many clients have a bucket now (for tests and curiosity).
  size_t tracked_clients();

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  int per_minute_;
  net::AddressSet trusted_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::chrono::steady_clock::time_point last_sweep_{};
};

}  // namespace todo::services::gateway
