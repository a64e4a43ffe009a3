#pragma once
// Group commit: several units of work (an event's effect, a job) share one
// transaction and one COMMIT instead of one each. A unit stays all or
// nothing because the batch is: when a unit fails (throws, or answers that
// it failed) or the COMMIT does, the whole batch is rolled back, and the
// caller that ran the batch runs the same units again one by one, each in a
// transaction of its own. What a batch runs must therefore tolerate running
// again (consumers are deduplicated by consume_once, jobs are at least once).
//
// A batch is ambient: while a Scope lives, runtime::consume_once on this
// thread runs in the batch's transaction, and so does db::in_transaction when
// the Scope says so. Event readers batch only consumers: the same thread may
// run handlers reached through service invocation, whose transactions must
// stay their own. The scheduler batches jobs, whose handlers use
// in_transaction.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "db/pool.h"

namespace todo::db {

class Transaction;

class TransactionBatch {
 public:
  explicit TransactionBatch(size_t limit);
  ~TransactionBatch();  // an uncommitted transaction rolls back
  TransactionBatch(const TransactionBatch&) = delete;
  TransactionBatch& operator=(const TransactionBatch&) = delete;

  // Which units join: consume_once only, or in_transaction too.
  enum class Joins { Consumers, Transactions };
  class Scope {
   public:
    Scope(TransactionBatch& batch, Joins joins);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    TransactionBatch* previous_;
    Joins previous_joins_;
  };
  // The batch of this thread's Scope when `unit` joins it, or null.
  static TransactionBatch* current(Joins unit);

  // The transaction for one unit of work on `pool`, begun on first use; null
  // when the batch cannot take it (it failed already, or its transaction is
  // on another pool): the unit then runs in a transaction of its own.
  Transaction* enter(Pool& pool);
  // The outcome of a unit run in enter()'s transaction: a success waits for
  // commit(); a failure leaves only rollback().
  void settle_unit(bool succeeded) {
    if (succeeded) ++units_;
    else failed_ = true;
  }

  size_t units() const { return units_; }
  bool full() const { return units_ >= limit_; }
  bool failed() const { return failed_; }
  // Commits (running the units' after-commit hooks). Throws what the COMMIT
  // threw, after rolling back: then the outcome is unknown, and running the
  // units again is safe.
  void commit();
  // Undoes every unit; the batch is empty (and usable) again.
  void rollback();
  // The end of a batch: commits it unless a unit failed, else (or when the
  // COMMIT fails) rolls it back. True when committed; then the caller runs
  // the units again one by one. `commit_error` says why a COMMIT failed.
  bool finish(std::string& commit_error);

 private:
  size_t limit_;
  Pool* pool_ = nullptr;
  std::optional<Pool::Lease> lease_;
  std::unique_ptr<Transaction> tx_;  // declared after lease_: ends before it
  size_t units_ = 0;
  bool failed_ = false;
};

// Runs `fn(tx)` as one unit of the current batch, if there is one that takes
// it; false (and nothing run) otherwise. `fn` returns whether the unit
// succeeded; false or an exception fails the batch.
template <typename Fn>
bool run_in_batch(TransactionBatch::Joins unit, Pool& pool, Fn&& fn) {
  auto* batch = TransactionBatch::current(unit);
  Transaction* tx = batch ? batch->enter(pool) : nullptr;
  if (!tx) return false;
  bool succeeded = false;
  try {
    succeeded = fn(*tx);
  } catch (...) {
    batch->settle_unit(false);
    throw;
  }
  batch->settle_unit(succeeded);
  return true;
}

}  // namespace todo::db
