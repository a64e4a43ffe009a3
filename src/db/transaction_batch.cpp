#include "db/transaction_batch.h"

#include <stdexcept>

#include "db/transaction.h"

namespace todo::db {
namespace {

thread_local TransactionBatch* current_batch = nullptr;
thread_local TransactionBatch::Joins current_joins = TransactionBatch::Joins::Consumers;

}  // namespace

TransactionBatch::TransactionBatch(size_t limit) : limit_(limit) {}

TransactionBatch::~TransactionBatch() { rollback(); }

TransactionBatch::Scope::Scope(TransactionBatch& batch, Joins joins)
    : previous_(current_batch), previous_joins_(current_joins) {
  current_batch = &batch;
  current_joins = joins;
}

TransactionBatch::Scope::~Scope() {
  current_batch = previous_;
  current_joins = previous_joins_;
}

TransactionBatch* TransactionBatch::current(Joins unit) {
  // A Transactions scope takes both kinds of unit; a Consumers scope only consumers.
  if (unit == Joins::Transactions && current_joins != Joins::Transactions) return nullptr;
  return current_batch;
}

Transaction* TransactionBatch::enter(Pool& pool) {
  if (failed_ || (pool_ && pool_ != &pool)) return nullptr;
  if (!tx_) {
    lease_.emplace(pool.acquire());
    tx_ = std::make_unique<Transaction>(**lease_);
    pool_ = &pool;
  }
  return tx_.get();
}

void TransactionBatch::commit() {
  if (failed_) throw std::logic_error("TransactionBatch::commit after a failed unit");
  if (!tx_) return;
  try {
    tx_->commit();
  } catch (...) {
    rollback();
    throw;
  }
  tx_.reset();
  lease_.reset();
  pool_ = nullptr;
  units_ = 0;
}

bool TransactionBatch::finish(std::string& commit_error) {
  if (failed_) {
    rollback();
    return false;
  }
  try {
    commit();
    return true;
  } catch (const std::exception& e) {
    commit_error = e.what();  // commit() rolled back
  } catch (...) {
    commit_error = "unknown error";
  }
  return false;
}

void TransactionBatch::rollback() {
  tx_.reset();  // rolls back
  lease_.reset();
  pool_ = nullptr;
  units_ = 0;
  failed_ = false;
}

}  // namespace todo::db
