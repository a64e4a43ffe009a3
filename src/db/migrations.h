#pragma once
// Applies the numbered SQL files of migrations/ (embedded into the binary at
// build time) once each, in order. Safe when several processes start at the
// same time: a session advisory lock serialises them and each file runs in
// its own transaction together with its bookkeeping row.
#include <string>
#include <vector>

#include "db/connection.h"

namespace todo::db {

struct Migration {
  int version;
  std::string name;  // file name, e.g. "0001_users.sql"
  std::string sql;
};

// The files compiled into this binary (generated from migrations/*.sql).
const std::vector<Migration>& embedded_migrations();

// Returns the names of the migrations it applied (empty when up to date).
// Throws db::Error; refuses to run when the database has a version this
// binary does not know (a newer binary migrated it).
std::vector<std::string> migrate(Connection& conn, const std::vector<Migration>& migrations);

}  // namespace todo::db
