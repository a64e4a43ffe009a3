// PgStateStore against a real PostgreSQL: Dapr `state.postgresql` v1
// semantics (ETags are xmin, compare-and-set writes, key prefixes, TTL rows)
// on the v1 table layout. A fresh database per test.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "db/connection.h"
#include "db/migrations.h"
#include "db/pool.h"
#include "runtime/local/pg_state_store.h"
#include "test_env.h"

namespace todo {
namespace {

using runtime::Concurrency;
using runtime::StateError;
using runtime::local::PgStateStore;

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test::TestDatabase>();
    sql_ = std::make_unique<db::Connection>(db_->url());
    db::migrate(*sql_, db::embedded_migrations());
    pool_ = std::make_unique<db::Pool>(db_->url(), kPoolSize);
    store_ = std::make_unique<PgStateStore>(*pool_, "todo-api");
  }

  // A row as Dapr's component would see it, straight from the table.
  std::optional<std::string> raw_value(const std::string& stored_key) {
    const auto r = sql_->exec("SELECT value::text FROM state WHERE key = $1", db::Params(stored_key));
    if (r.empty()) return std::nullopt;
    return r.front().str(0);
  }
  long long row_count() { return sql_->exec("SELECT count(*) FROM state").front().int64(0); }

  static constexpr int kPoolSize = 8;
  std::unique_ptr<test::TestDatabase> db_;
  std::unique_ptr<db::Connection> sql_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<PgStateStore> store_;
};

bool same_json(std::string_view a, std::string_view b) { return boost::json::parse(a) == boost::json::parse(b); }

TEST_F(StateStoreTest, SetGetDelete) {
  const auto saved = store_->save("cart", R"({"items": [1, 2], "owner": "ann"})");
  ASSERT_TRUE(saved.ok());
  EXPECT_FALSE(saved.etag.empty());

  const auto item = store_->get("cart");
  ASSERT_TRUE(item);
  EXPECT_TRUE(same_json(item->value, R"({"owner":"ann","items":[1,2]})")) << item->value;
  EXPECT_EQ(item->etag, saved.etag);

  EXPECT_TRUE(store_->remove("cart").ok());
  EXPECT_FALSE(store_->get("cart"));
  EXPECT_EQ(row_count(), 0);
}

TEST_F(StateStoreTest, MissingKeyIsNullopt) { EXPECT_FALSE(store_->get("never-written")); }

TEST_F(StateStoreTest, ScalarJsonValuesRoundTrip) {
  // Dapr keeps a saved JSON string with its quotes: "DeathStar" reads back as "DeathStar".
  for (const std::string v : {R"("DeathStar")", "42", "true", "null", "[]", R"({"a":{"b":[null,1.5]}})"}) {
    ASSERT_TRUE(store_->save("k", v).ok()) << v;
    const auto item = store_->get("k");
    ASSERT_TRUE(item) << v;
    EXPECT_TRUE(same_json(item->value, v)) << v << " came back as " << item->value;
  }
}

TEST_F(StateStoreTest, EtagIsDecimalXminAndChangesOnEveryWrite) {
  std::vector<std::string> etags;
  for (int i = 0; i < 3; ++i) {
    const auto r = store_->save("k", std::to_string(i));
    ASSERT_TRUE(r.ok());
    etags.push_back(r.etag);
  }
  const auto r = store_->save("k", "3", etags.back());  // a compare-and-set write changes it too
  ASSERT_TRUE(r.ok());
  etags.push_back(r.etag);

  for (size_t i = 0; i < etags.size(); ++i) {
    EXPECT_EQ(etags[i].find_first_not_of("0123456789"), std::string::npos) << etags[i];
    for (size_t j = 0; j < i; ++j) EXPECT_NE(etags[i], etags[j]);
  }
  EXPECT_EQ(store_->get("k")->etag, etags.back());
  EXPECT_EQ(sql_->exec("SELECT xmin::text FROM state WHERE key = 'todo-api||k'").front().str(0), etags.back());
}

TEST_F(StateStoreTest, SaveWithStaleEtagIsMismatch) {
  const auto first = store_->save("k", "1");
  ASSERT_TRUE(store_->save("k", "2", first.etag).ok());

  const auto stale = store_->save("k", "3", first.etag);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error, StateError::EtagMismatch);
  EXPECT_EQ(store_->get("k")->value, "2");
}

TEST_F(StateStoreTest, DeleteWithStaleEtagIsMismatch) {
  const auto first = store_->save("k", "1");
  const auto second = store_->save("k", "2");

  EXPECT_EQ(store_->remove("k", first.etag).error, StateError::EtagMismatch);
  EXPECT_EQ(store_->get("k")->value, "2");

  EXPECT_TRUE(store_->remove("k", second.etag).ok());
  EXPECT_FALSE(store_->get("k"));
}

TEST_F(StateStoreTest, EtagOnMissingKeyIsMismatch) {
  // Dapr v1: a write naming an ETag is an UPDATE, and there is no row to update.
  EXPECT_EQ(store_->save("absent", "1", "12345").error, StateError::EtagMismatch);
  EXPECT_EQ(store_->save("absent", "1", "12345", Concurrency::FirstWrite).error, StateError::EtagMismatch);
  EXPECT_EQ(store_->remove("absent", "12345").error, StateError::EtagMismatch);
  EXPECT_EQ(row_count(), 0);
}

TEST_F(StateStoreTest, InvalidEtagIsRejected) {
  const auto saved = store_->save("k", "1");
  // Dapr parses with strconv.ParseUint(etag, 10, 32).
  const std::vector<std::string> invalid = {"abc", "-1", "+1", " 1", "1 ", "1.0", "0x10", "4294967296",
                                            "99999999999999999999", saved.etag + "x"};
  for (const auto& bad : invalid) {
    EXPECT_EQ(store_->save("k", "2", bad).error, StateError::InvalidEtag) << bad;
    EXPECT_EQ(store_->remove("k", bad).error, StateError::InvalidEtag) << bad;
    EXPECT_EQ(store_->save("absent", "2", bad).error, StateError::InvalidEtag) << bad;
  }
  EXPECT_EQ(store_->get("k")->etag, saved.etag);
  EXPECT_EQ(store_->get("k")->value, "1");
}

TEST_F(StateStoreTest, EtagIsComparedAsNumberAndEmptyEtagMeansNone) {
  const auto saved = store_->save("k", "1");
  const auto next = store_->save("k", "2", "000" + saved.etag);  // ParseUint accepts leading zeros
  ASSERT_TRUE(next.ok());
  // Dapr's HasETag: an empty ETag is no ETag, so this is a plain last write.
  EXPECT_TRUE(store_->save("k", "3", "").ok());
  EXPECT_EQ(store_->get("k")->value, "3");
  EXPECT_TRUE(store_->remove("k", "").ok());
  EXPECT_FALSE(store_->get("k"));
}

TEST_F(StateStoreTest, FirstWriteTwiceSecondFails) {
  ASSERT_TRUE(store_->save("k", R"("first")", std::nullopt, Concurrency::FirstWrite).ok());
  const auto second = store_->save("k", R"("second")", std::nullopt, Concurrency::FirstWrite);
  EXPECT_EQ(second.error, StateError::EtagMismatch);
  EXPECT_EQ(store_->get("k")->value, R"("first")");
}

TEST_F(StateStoreTest, FirstWriteWithCorrectEtagSucceeds) {
  const auto first = store_->save("k", "1", std::nullopt, Concurrency::FirstWrite);
  const auto second = store_->save("k", "2", first.etag, Concurrency::FirstWrite);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(store_->get("k")->value, "2");
  EXPECT_EQ(store_->save("k", "3", first.etag, Concurrency::FirstWrite).error, StateError::EtagMismatch);
}

TEST_F(StateStoreTest, LastWriteOverwrites) {
  ASSERT_TRUE(store_->save("k", "1").ok());
  ASSERT_TRUE(store_->save("k", "2", std::nullopt, Concurrency::LastWrite).ok());
  EXPECT_EQ(store_->get("k")->value, "2");
  EXPECT_EQ(row_count(), 1);
  // Dapr's update bookkeeping: insertdate stays, updatedate is set.
  EXPECT_FALSE(sql_->exec("SELECT updatedate FROM state").front().is_null(0));
}

TEST_F(StateStoreTest, DeleteMissingKeyWithoutEtagIsFine) { EXPECT_TRUE(store_->remove("absent").ok()); }

TEST_F(StateStoreTest, KeysArePrefixedWithAppId) {
  PgStateStore a(*pool_, "app-a");
  PgStateStore b(*pool_, "app-b");
  ASSERT_TRUE(a.save("shared", R"("from a")").ok());
  EXPECT_FALSE(b.get("shared"));
  ASSERT_TRUE(b.save("shared", R"("from b")").ok());
  EXPECT_EQ(a.get("shared")->value, R"("from a")");
  EXPECT_EQ(b.get("shared")->value, R"("from b")");

  // The layout a Dapr sidecar with keyPrefix=appid reads and writes.
  EXPECT_EQ(raw_value("app-a||shared"), R"("from a")");
  EXPECT_EQ(raw_value("app-b||shared"), R"("from b")");
  EXPECT_FALSE(sql_->exec("SELECT bool_or(isbinary) FROM state").front().boolean(0));

  // A row written by a sidecar is visible through the store.
  sql_->exec("INSERT INTO state (key, value, isbinary) VALUES ('app-a||by-dapr', '{\"x\": 1}', false)");
  EXPECT_TRUE(same_json(a.get("by-dapr")->value, R"({"x":1})"));

  EXPECT_TRUE(b.remove("shared").ok());
  EXPECT_TRUE(a.get("shared"));

  // An empty prefix is Dapr's keyPrefix `none`: the raw key.
  PgStateStore none(*pool_, "");
  ASSERT_TRUE(none.save("plain", "1").ok());
  EXPECT_EQ(raw_value("plain"), "1");
  EXPECT_FALSE(none.get("app-a||shared"));  // cannot reach into a prefixed key
}

TEST_F(StateStoreTest, KeyWithSeparatorIsRejected) {
  const std::vector<std::string> illegal = {"a||b", "||", "x||", "", std::string("a\0b", 3)};
  for (const auto& bad : illegal) {
    EXPECT_FALSE(store_->get(bad)) << bad;
    EXPECT_THROW(store_->save(bad, "1"), std::invalid_argument) << bad;
    EXPECT_THROW(store_->remove(bad), std::invalid_argument) << bad;
  }
  EXPECT_EQ(row_count(), 0);
  // A single '|' is an ordinary character.
  EXPECT_TRUE(store_->save("a|b", "1").ok());
  EXPECT_EQ(raw_value("todo-api||a|b"), "1");

  EXPECT_THROW(PgStateStore(*pool_, "bad||prefix"), std::invalid_argument);
}

TEST_F(StateStoreTest, InvalidJsonThrowsAndStoresNothing) {
  // The last one is valid JSON that jsonb cannot hold.
  for (const std::string bad : {"", " ", "not json", "{", "[1,]", "{} x", "'single'", R"("\u0000")"}) {
    EXPECT_THROW(store_->save("k", bad), std::invalid_argument) << bad;
  }
  EXPECT_EQ(row_count(), 0);
}

TEST_F(StateStoreTest, ExpiredRowIsInvisible) {
  // Only a Dapr sidecar writes TTLs (ttlInSeconds); emulate its rows.
  sql_->exec("INSERT INTO state (key, value, isbinary, expiredate) VALUES"
             " ('todo-api||old', '1', false, now() - interval '1 hour'),"
             " ('todo-api||fresh', '2', false, now() + interval '1 hour')");
  const auto old_etag = sql_->exec("SELECT xmin::text FROM state WHERE key = 'todo-api||old'").front().str(0);

  EXPECT_FALSE(store_->get("old"));
  EXPECT_EQ(store_->get("fresh")->value, "2");

  // The expired row's ETag no longer updates it: it is gone as far as callers know.
  EXPECT_EQ(store_->save("old", "3", old_etag).error, StateError::EtagMismatch);

  // A first write may take over an expired row (Dapr: not yet garbage collected);
  // it clears the TTL, since our writes never set one.
  const auto taken = store_->save("old", "4", std::nullopt, Concurrency::FirstWrite);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(store_->get("old")->value, "4");
  EXPECT_TRUE(sql_->exec("SELECT expiredate FROM state WHERE key = 'todo-api||old'").front().is_null(0));

  // ... but not over a live one with a TTL.
  EXPECT_EQ(store_->save("fresh", "5", std::nullopt, Concurrency::FirstWrite).error, StateError::EtagMismatch);
}

TEST_F(StateStoreTest, PurgeDeletesOnlyExpiredRows) {
  sql_->exec("INSERT INTO state (key, value, isbinary, expiredate) VALUES"
             " ('gateway||gone-1', '1', false, now() - interval '1 second'),"
             " ('todo-api||gone-2', '1', false, now() - interval '1 day'),"
             " ('gateway||live', '2', false, now() + interval '1 hour')");
  ASSERT_TRUE(store_->save("kept", "3").ok());  // no TTL
  EXPECT_EQ(runtime::local::purge_expired_state(*pool_), 2);
  EXPECT_EQ(row_count(), 2);
  EXPECT_EQ(sql_->exec("SELECT count(*) FROM state WHERE key IN ('gateway||live', 'todo-api||kept')").front().int64(0), 2);
  EXPECT_EQ(runtime::local::purge_expired_state(*pool_), 0);
}

TEST_F(StateStoreTest, SchemaIsDaprV1) {
  const auto cols = sql_->exec(
      "SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' ORDER BY ordinal_position)"
      " FROM information_schema.columns WHERE table_name = 'state'");
  EXPECT_EQ(cols.front().str(0),
            "key text NO, value jsonb NO, isbinary boolean NO, insertdate timestamp with time zone NO, "
            "updatedate timestamp with time zone YES, expiredate timestamp with time zone YES");
  // A sidecar reads its migration level here and must find both of its migrations done.
  EXPECT_EQ(sql_->exec("SELECT value FROM dapr_metadata WHERE key = 'migrations'").front().str(0), "2");
}

// Optimistic read-modify-write from many threads: with compare-and-set saves
// and retry on EtagMismatch, no increment is lost.
TEST_F(StateStoreTest, ConcurrentEtagIncrementsLoseNoUpdate) {
  constexpr int kThreads = kPoolSize;
  constexpr int kIncrements = 40;
  ASSERT_TRUE(store_->save("counter", "0").ok());

  std::atomic<int> failures{0};
  std::atomic<int> conflicts{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();  // all threads contend from the first increment
      try {
        for (int i = 0; i < kIncrements;) {
          const auto item = store_->get("counter");
          if (!item) throw std::runtime_error("counter vanished");
          const auto next = std::stoll(item->value) + 1;
          const auto r = store_->save("counter", std::to_string(next), item->etag);
          if (r.ok()) {
            ++i;
          } else if (r.error == StateError::EtagMismatch) {
            ++conflicts;  // someone else won this round: re-read and retry
          } else {
            throw std::runtime_error("unexpected state error");
          }
        }
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& th : threads) th.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store_->get("counter")->value, std::to_string(kThreads * kIncrements));
  RecordProperty("etag_conflicts", conflicts.load());
}

// Many first writers racing for one absent key: exactly one wins.
TEST_F(StateStoreTest, ConcurrentFirstWritesHaveOneWinner) {
  constexpr int kThreads = kPoolSize;
  std::atomic<int> wins{0};
  std::atomic<int> mismatches{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      try {
        const auto r = store_->save("once", std::to_string(t), std::nullopt, Concurrency::FirstWrite);
        if (r.ok()) ++wins;
        else if (r.error == StateError::EtagMismatch) ++mismatches;
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(mismatches.load(), kThreads - 1);
}

}  // namespace
}  // namespace todo
