#include "services/gateway/user_repository.h"

#include "db/error.h"

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

void UserRepository::lock_email(std::string_view email_lower) {
  c_.exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 1))", db::Params("sign-in:" + std::string(email_lower)));
}

std::vector<core::Instant> UserRepository::recent_failures(std::string_view email_lower, core::Instant since,
                                                           int limit) {
  std::vector<core::Instant> out;
  const auto res = c_.exec(
      "SELECT failed_at FROM (SELECT failed_at FROM sign_in_failures WHERE email_lower = $1 AND failed_at > $2"
      " ORDER BY failed_at DESC LIMIT $3) f ORDER BY failed_at",
      db::Params(email_lower, since, limit));
  for (const auto& r : res) out.push_back(r.instant(0));
  return out;
}

void UserRepository::record_failure(std::string_view email_lower, core::Instant at) {
  c_.exec("INSERT INTO sign_in_failures (email_lower, failed_at) VALUES ($1, $2)", db::Params(email_lower, at));
}

void UserRepository::clear_failures(std::string_view email_lower) {
  c_.exec("DELETE FROM sign_in_failures WHERE email_lower = $1", db::Params(email_lower));
}

}  // namespace todo::services::gateway
