#include "auth/verified_tokens.h"

#include <openssl/crypto.h>

#include <functional>

namespace todo::auth {

std::size_t VerifiedTokens::slot_of(std::string_view token) {
  return std::hash<std::string_view>{}(token) % kSlots;
}

std::optional<VerifiedTokens::Entry> VerifiedTokens::find(std::string_view token) const {
  const std::size_t index = slot_of(token);
  std::lock_guard lock(mutex_);
  const auto& s = slots_[index];
  // Constant time over the text: how much of a presented token matches a
  // cached one must not show in the time the comparison takes.
  if (s.token.empty() || s.token.size() != token.size() ||
      CRYPTO_memcmp(s.token.data(), token.data(), token.size()) != 0)
    return std::nullopt;
  return s.entry;
}

void VerifiedTokens::remember(std::string_view token, const Entry& entry) {
  const std::size_t index = slot_of(token);
  std::lock_guard lock(mutex_);
  auto& s = slots_[index];
  s.token.assign(token);
  s.entry = entry;
}

void VerifiedTokens::clear() {
  std::lock_guard lock(mutex_);
  for (auto& s : slots_) s = Slot{};
}

}  // namespace todo::auth
