#include "db/transaction.h"

namespace todo::db {

// BEGIN is sent together with the first statement (see Connection).
Transaction::Transaction(Connection& c) : conn_(c) {
  conn_.ensure_connected();
  conn_.begin_deferred();
}

Transaction::~Transaction() {
  if (!open_) return;
  conn_.drop_deferred();                       // never sent: nothing to undo
  if (conn_.cancel_deferred_begin()) return;  // no statement ran: nothing to undo
  try {
    if (conn_.connected()) conn_.exec_script("ROLLBACK");
  } catch (...) {
    // The connection is gone or broken; the server rolls back on its own.
  }
}

void Transaction::commit() {
  // Deferred statements travel with the COMMIT; a transaction that sent
  // nothing has nothing to commit.
  if (conn_.has_deferred() || !conn_.cancel_deferred_begin()) conn_.exec("COMMIT");
  open_ = false;
  for (auto& hook : hooks_) hook();
}

}  // namespace todo::db
