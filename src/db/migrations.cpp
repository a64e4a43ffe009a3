#include "db/migrations.h"

#include <algorithm>
#include <set>

#include "db/error.h"
#include "db/transaction.h"

namespace todo::db {
namespace {

// Any constant shared by every process of the platform.
constexpr const char* kLockKey = "7305118239";

}  // namespace

std::vector<std::string> migrate(Connection& conn, const std::vector<Migration>& migrations) {
  conn.exec("SELECT pg_advisory_lock(" + std::string(kLockKey) + ")");
  std::vector<std::string> applied;
  try {
    conn.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version integer PRIMARY KEY, name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())");
    std::set<int> done;
    for (const auto& row : conn.exec("SELECT version FROM schema_migrations")) done.insert(static_cast<int>(row.int64(0)));
    const int newest_known = migrations.empty() ? 0 : std::max_element(migrations.begin(), migrations.end(), [](auto& a, auto& b) {
                                                        return a.version < b.version;
                                                      })->version;
    if (!done.empty() && *done.rbegin() > newest_known)
      throw Error(Error::Kind::Query, "",
                  "database schema version " + std::to_string(*done.rbegin()) +
                      " is newer than this binary knows (" + std::to_string(newest_known) + ")");
    for (const auto& m : migrations) {
      if (done.count(m.version)) continue;
      Transaction tx(conn);
      conn.exec_script(m.sql);
      tx.exec("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", Params(m.version, m.name));
      tx.commit();
      applied.push_back(m.name);
    }
  } catch (...) {
    try {
      conn.exec("SELECT pg_advisory_unlock(" + std::string(kLockKey) + ")");
    } catch (...) {
    }
    throw;
  }
  conn.exec("SELECT pg_advisory_unlock(" + std::string(kLockKey) + ")");
  return applied;
}

}  // namespace todo::db
