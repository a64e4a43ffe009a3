#pragma once
// BEGIN ... COMMIT on one connection. Rolls back when destroyed uncommitted.
// `on_commit` callbacks run after a successful COMMIT (e.g. waking event
// dispatchers), never after a rollback.
#include <functional>
#include <optional>
#include <utility>
#include <type_traits>
#include <string_view>
#include <vector>

#include "db/connection.h"
#include "db/error.h"
#include "db/pool.h"
#include "db/transaction_batch.h"

namespace todo::db {

class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Result exec(std::string_view sql, const Params& params = Params{}) { return conn_.exec(sql, params); }
  // Sent with the next statement or the COMMIT (see Connection::exec_deferred).
  void exec_deferred(std::string_view sql, const Params& params = Params{}) { conn_.exec_deferred(sql, params); }
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
// error propagates after rollback. Inside a TransactionBatch::Scope, `fn`
// runs as a unit of the batch instead (no retry there: a failure fails the
// batch, whose owner runs the unit again on its own).
template <typename Fn>
auto in_transaction(Pool& pool, Fn&& fn) {
  using Value = decltype(fn(std::declval<Transaction&>()));
  if constexpr (std::is_void_v<Value>) {
    if (run_in_batch(TransactionBatch::Joins::Transactions, pool, [&](Transaction& tx) {
          fn(tx);
          return true;
        }))
      return;
  } else {
    std::optional<Value> result;
    if (run_in_batch(TransactionBatch::Joins::Transactions, pool, [&](Transaction& tx) {
          result.emplace(fn(tx));
          return true;
        }))
      return std::move(*result);
  }
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
