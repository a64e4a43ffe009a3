#pragma once
// Tokens whose signature and claims were verified, by their exact text.
// A client sends the same token with every request; verifying it again
// (two base64 decodes, two JSON parses, an HMAC) cost about 2.5 µs, a few
// percent of a listed page (docs/performance.md). A hit still goes through
// the time checks: the entry keeps what they need.
//
// Bounded: a fixed number of slots, each holding the last token that hashed
// to it (tokens are at most 4 KB), so no client can grow it. Safe to use
// from several threads.
#include <array>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "auth/claims.h"
#include "core/time.h"

namespace todo::auth {

class VerifiedTokens {
 public:
  struct Entry {
    Claims claims;
    std::optional<core::Instant> not_before;  // the later of nbf and iat, if any
  };

  std::optional<Entry> find(std::string_view token) const;
  void remember(std::string_view token, const Entry& entry);
  void clear();

  static constexpr std::size_t kSlots = 256;

 private:
  struct Slot {
    std::string token;
    Entry entry;
  };
  // The slot a token belongs in; the hash is computed by the caller before
  // the lock is taken, so the critical section is only the compare or copy.
  static std::size_t slot_of(std::string_view token);

  mutable std::mutex mutex_;
  std::array<Slot, kSlots> slots_;
};

}  // namespace todo::auth
