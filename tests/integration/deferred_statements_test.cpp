// Deferred statements (db::Connection::exec_deferred) against real
// PostgreSQL: a transaction's writes whose results nobody reads travel with
// the next statement that is read, or with the COMMIT, in one pipeline. They
// must apply in order, be visible to what follows them, vanish with a
// rollback, and fail the transaction (naming themselves) when they fail.
#include <gtest/gtest.h>

#include <string>

#include "db/connection.h"
#include "db/error.h"
#include "db/transaction.h"
#include "test_env.h"

namespace todo::test {
namespace {

class DeferredStatements : public ::testing::Test {
 protected:
  void SetUp() override {
    conn = std::make_unique<db::Connection>(db.url());
    conn->exec_script("CREATE TABLE deferred_rows (n int PRIMARY KEY, note text NOT NULL)");
    check = std::make_unique<db::Connection>(db.url());
  }

  // What another session sees: only committed rows.
  std::string committed() {
    return check->exec("SELECT coalesce(string_agg(n || ':' || note, ',' ORDER BY n), '') FROM deferred_rows")
        .front()
        .str(0);
  }
  void insert(db::Transaction& tx, int n, const std::string& note) {
    tx.exec_deferred("INSERT INTO deferred_rows (n, note) VALUES ($1, $2)", db::Params(n, note));
  }

  TestDatabase db;
  std::unique_ptr<db::Connection> conn;
  std::unique_ptr<db::Connection> check;
};

TEST_F(DeferredStatements, CommitCarriesThemInOrder) {
  {
    db::Transaction tx(*conn);
    insert(tx, 1, "a");
    tx.exec_deferred("UPDATE deferred_rows SET note = note || 'b' WHERE n = 1");
    insert(tx, 2, "c");
    EXPECT_TRUE(conn->has_deferred());
    EXPECT_EQ(committed(), "") << "nothing may reach the server before the commit";
    tx.commit();
  }
  EXPECT_FALSE(conn->has_deferred());
  EXPECT_EQ(committed(), "1:ab,2:c");
}

TEST_F(DeferredStatements, TheNextReadSeesThem) {
  db::Transaction tx(*conn);
  insert(tx, 1, "a");
  insert(tx, 2, "b");
  const auto seen = tx.exec("SELECT count(*) FROM deferred_rows").front().int64(0);
  EXPECT_EQ(seen, 2);
  EXPECT_FALSE(conn->has_deferred());
  EXPECT_EQ(committed(), "") << "sent, not committed";
  tx.commit();
  EXPECT_EQ(committed(), "1:a,2:b");
}

TEST_F(DeferredStatements, ARollbackDropsThem) {
  {
    db::Transaction tx(*conn);
    insert(tx, 1, "a");
  }  // destroyed uncommitted
  EXPECT_FALSE(conn->has_deferred());
  {
    db::Transaction tx(*conn);
    insert(tx, 2, "b");
    tx.exec("SELECT 1");  // sent this time
    insert(tx, 3, "c");
  }
  EXPECT_FALSE(conn->in_transaction());
  EXPECT_EQ(committed(), "");
  // The connection goes on as before.
  db::Transaction tx(*conn);
  insert(tx, 4, "d");
  tx.commit();
  EXPECT_EQ(committed(), "4:d");
}

TEST_F(DeferredStatements, AFailureFailsTheCommitAndNamesTheStatement) {
  check->exec("INSERT INTO deferred_rows VALUES (2, 'taken')");
  {
    db::Transaction tx(*conn);
    insert(tx, 1, "a");
    insert(tx, 2, "duplicate");
    insert(tx, 3, "c");
    try {
      tx.commit();
      FAIL() << "the duplicate key must fail the commit";
    } catch (const db::Error& e) {
      EXPECT_EQ(e.kind(), db::Error::Kind::UniqueViolation);
      EXPECT_NE(std::string(e.what()).find("INSERT INTO deferred_rows"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(committed(), "2:taken") << "none of the transaction's rows may stay";
  EXPECT_FALSE(conn->in_transaction());
  db::Transaction tx(*conn);
  insert(tx, 5, "e");
  tx.commit();
  EXPECT_EQ(committed(), "2:taken,5:e");
}

TEST_F(DeferredStatements, AFailureSurfacesAtTheNextRead) {
  db::Transaction tx(*conn);
  tx.exec_deferred("INSERT INTO deferred_rows (n, note) VALUES (1, NULL)");  // NOT NULL
  EXPECT_THROW(tx.exec("SELECT 1"), db::Error);
  EXPECT_FALSE(conn->has_deferred());
}

TEST_F(DeferredStatements, OutsideATransactionTheyRunAtOnce) {
  conn->exec_deferred("INSERT INTO deferred_rows (n, note) VALUES (1, 'now')");
  EXPECT_FALSE(conn->has_deferred());
  EXPECT_EQ(committed(), "1:now");
}

TEST_F(DeferredStatements, ALostConnectionFailsTheCommitAsUnavailable) {
  {
    db::Transaction tx(*conn);
    insert(tx, 1, "a");  // not prepared on this connection yet: the commit prepares it first
    // The server ends the session (waiting up to 5 s until it has).
    ASSERT_TRUE(check->exec("SELECT pg_terminate_backend($1, 5000)", db::Params(conn->backend_pid())).front().boolean(0));
    try {
      tx.commit();
      FAIL() << "the commit cannot succeed on a terminated session";
    } catch (const db::Error& e) {
      EXPECT_EQ(e.kind(), db::Error::Kind::Unavailable) << e.what();
      EXPECT_NE(std::string(e.what()).find("INSERT INTO deferred_rows"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(committed(), "");
  // The next transaction reconnects.
  db::Transaction tx(*conn);
  insert(tx, 2, "b");
  tx.commit();
  EXPECT_EQ(committed(), "2:b");
}

}  // namespace
}  // namespace todo::test
