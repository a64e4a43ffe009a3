#pragma once
// gateway's SQL: accounts and failed sign-in attempts.
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "db/connection.h"

namespace todo::services::gateway {

struct User {
  std::string id;
  std::string email;
  std::string name;
  std::string password_hash;
  core::Instant created_at{};
};

class UserRepository {
 public:
  explicit UserRepository(db::Connection& c) : c_(c) {}
  // False when the email (case-insensitively) is taken.
  bool insert(const User& u);
  std::optional<User> by_email(std::string_view email);
  std::optional<User> by_id(std::string_view id);

  // Serialises sign-in attempts for one email until the transaction ends.
  void lock_email(std::string_view email_lower);
  // Failures since `since`, oldest first (at most `limit`, newest ones).
  std::vector<core::Instant> recent_failures(std::string_view email_lower, core::Instant since, int limit);
  void record_failure(std::string_view email_lower, core::Instant at);
  void clear_failures(std::string_view email_lower);

 private:
  db::Connection& c_;
};

}  // namespace todo::services::gateway
