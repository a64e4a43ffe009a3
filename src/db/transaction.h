#pragma once
// BEGIN ... COMMIT on one connection. Rolls back when destroyed uncommitted.
// `on_commit` callbacks run after a successful COMMIT (e.g. waking event
// dispatchers), never after a rollback.
#include <functional>
#include <type_traits>
#include <string_view>
#include <vector>

#include "db/connection.h"
#include "db/error.h"
#include "db/pool.h"

namespace todo::db {

class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Result exec(std::string_view sql, const Params& params = Params{}) { return conn_.exec(sql, params); }
  void commit();
  void on_commit(std::function<void()> fn) { hooks_.push_back(std::move(fn)); }
  Connection& connection() { return conn_; }

 private:
  Connection& conn_;
  bool open_ = true;
  std::vector<std::function<void()>> hooks_;
};

// Runs `fn(tx)` in a transaction on a pooled connection and commits. A
// serialization failure or deadlock is retried (up to 3 attempts); every other
// error propagates after rollback.
template <typename Fn>
auto in_transaction(Pool& pool, Fn&& fn) {
  for (int attempt = 1;; ++attempt) {
    auto conn = pool.acquire();
    try {
      Transaction tx(*conn);
      if constexpr (std::is_void_v<decltype(fn(tx))>) {
        fn(tx);
        tx.commit();
        return;
      } else {
        auto result = fn(tx);
        tx.commit();
        return result;
      }
    } catch (const Error& e) {
      if (e.kind() != Error::Kind::Conflict || attempt >= 3) throw;
    }
  }
}

}  // namespace todo::db
