#include "db/transaction.h"

namespace todo::db {

Transaction::Transaction(Connection& c) : conn_(c) { conn_.exec("BEGIN"); }

Transaction::~Transaction() {
  if (!open_) return;
  try {
    if (conn_.connected()) conn_.exec_script("ROLLBACK");
  } catch (...) {
    // The connection is gone or broken; the server rolls back on its own.
  }
}

void Transaction::commit() {
  conn_.exec("COMMIT");
  open_ = false;
  for (auto& hook : hooks_) hook();
}

}  // namespace todo::db
