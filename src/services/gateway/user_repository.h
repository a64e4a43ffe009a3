#pragma once
// gateway's SQL: accounts (migrations/0001_gateway_users.sql).
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
  // Case-insensitively, as PostgreSQL's lower() compares (Unicode-aware).
  std::optional<User> by_email(std::string_view email);
  std::optional<User> by_id(std::string_view id);

 private:
  db::Connection& c_;
};

}  // namespace todo::services::gateway
