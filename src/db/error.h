#pragma once
#include <stdexcept>
#include <string>

#include "core/error.h"

namespace todo::db {

// A database failure, classified by what the caller can do about it.
class Error : public std::runtime_error, public core::DependencyFailure {
 public:
  enum class Kind {
    Unavailable,      // cannot reach the server / connection lost: 503, retry later
    UniqueViolation,  // SQLSTATE 23505
    Conflict,         // serialization failure or deadlock (40001, 40P01): retry the transaction
    Query,            // anything else: a bug or bad data
  };
  Error(Kind kind, std::string sqlstate, const std::string& message)
      : std::runtime_error(message), kind_(kind), sqlstate_(std::move(sqlstate)) {}
  Kind kind() const { return kind_; }
  bool unavailable() const noexcept override { return kind_ == Kind::Unavailable; }
  std::string_view dependency() const noexcept override { return "the database"; }
  const std::string& sqlstate() const { return sqlstate_; }
  // The constraint name for UniqueViolation (empty if unknown).
  std::string constraint;

 private:
  Kind kind_;
  std::string sqlstate_;
};

}  // namespace todo::db
