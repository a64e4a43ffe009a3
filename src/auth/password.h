#pragma once
// Argon2id password hashes (libsodium), stored in libsodium's encoded form
// "$argon2id$v=19$m=...,t=...,p=1$salt$hash" so parameters can change later
// without invalidating existing hashes.
#include <string>
#include <string_view>

namespace todo::auth {

struct PasswordCost {
  unsigned long long ops = 2;             // iterations
  size_t memory_bytes = 19u * 1024 * 1024;  // 19 MiB: OWASP's minimum for Argon2id
};

class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordCost cost = {});
  std::string hash(std::string_view password) const;  // throws std::runtime_error when out of memory
  bool verify(std::string_view encoded, std::string_view password) const;
  // Spends the time of one verification, so an unknown email answers as slowly
  // as a wrong password and does not reveal which emails exist.
  void verify_dummy(std::string_view password) const;

 private:
  PasswordCost cost_;
  std::string dummy_;
};

}  // namespace todo::auth
