#pragma once
// What a verified token says: whose it is and when it was issued and ends.
// Shared by the codec that signs and verifies tokens (jwt.h) and the cache
// of verified ones (verified_tokens.h), so neither includes the other.
#include <string>

#include "core/time.h"

namespace todo::auth {

struct Claims {
  std::string sub;  // user id
  std::string email;
  core::Instant iat{};
  core::Instant exp{};
};

}  // namespace todo::auth
