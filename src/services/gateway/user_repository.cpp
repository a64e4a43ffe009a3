#include "services/gateway/user_repository.h"


namespace todo::services::gateway {
namespace {

constexpr const char* kColumns = "id, email, name, password_hash, created_at";

User from_row(const db::Row& r) { return User{r.str(0), r.str(1), r.str(2), r.str(3), r.instant(4)}; }

}  // namespace

bool UserRepository::insert(const User& u) {
  return c_.exec(
               "INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)"
               " ON CONFLICT DO NOTHING",
               db::Params(u.id, u.email, u.name, u.password_hash, u.created_at))
             .affected() == 1;
}

std::optional<User> UserRepository::by_email(std::string_view email) {
  const auto res = c_.exec(std::string("SELECT ") + kColumns + " FROM users WHERE lower(email) = lower($1)",
                           db::Params(email));
  if (res.empty()) return std::nullopt;
  return from_row(res.front());
}

std::optional<User> UserRepository::by_id(std::string_view id) {
  const auto res = c_.exec(std::string("SELECT ") + kColumns + " FROM users WHERE id = $1", db::Params(id));
  if (res.empty()) return std::nullopt;
  return from_row(res.front());
}

}  // namespace todo::services::gateway
