// Overload and abuse at the edge, over real sockets against the real binary:
// password hashing that must not starve other requests, the per-client rate
// limit of the credential routes, the bounded handler queue, the database's
// statement timeout, handler fibers waiting on the database, the cap on
// connections per client and HOST.
#include <atomic>
#include <boost/json.hpp>
#include <thread>
#include <vector>

#include "api_fixture.h"
#include "raw_socket.h"
#include "core/uuid.h"
#include "db/connection.h"

namespace todo::test {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

json::object sign_in_body() {
  return json::object{{"email", "nobody-" + core::new_uuid().substr(0, 8) + "@example.com"},
                      {"password", "not the password"}};
}

std::string pool_load(const std::string& pool) { return "http_handler_load{pool=\"" + pool + "\"}"; }

}  // namespace

// ---------------------------------------------------------------- hashing

class CredentialFlood : public ApiTest {
 public:
  static void SetUpTestSuite() {
    platform_env().clear();
    platform_env()["HASH_WORKERS"] = "1";
    platform_env()["DB_POOL_SIZE"] = "2";
    ApiTest::SetUpTestSuite();
  }
};

// Sign-ins hash on their own pool: a flood of them (here: on one hashing
// thread, so they queue) leaves the request workers free, and a read of an
// authenticated user is answered while most of the flood still waits. On a
// shared pool the read would wait behind all but the last few.
TEST_F(CredentialFlood, SignInsDoNotStarveOtherRequests) {
  const auto a = sign_up();
  auto reader = client_for(a);
  HttpClient probe(port());
  constexpr int kFlood = 24;
  std::atomic<int> done{0}, unauthenticated{0};
  std::vector<std::thread> flood;
  for (int i = 0; i < kFlood; ++i) {
    flood.emplace_back([&] {
      HttpClient c(port());
      if (c.post("/api/auth/sign-in", sign_in_body()).status == 401) ++unauthenticated;
      ++done;
    });
  }
  // Every attempt has arrived: waiting for or running on the hashing pool, or answered.
  ASSERT_TRUE(wait_until([&] { return metric(probe, pool_load("isolated")) + done.load() >= kFlood; }, 60s));
  const int waiting = kFlood - done.load();
  const auto stats = reader.get("/api/" + a.id + "/stats");
  const int waiting_after = kFlood - done.load();
  for (auto& t : flood) t.join();
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(unauthenticated.load(), kFlood);
  ASSERT_GE(waiting, 4) << "the flood drained before the read was sent; nothing was measured";
  EXPECT_GE(waiting_after, waiting / 2) << "the read waited behind " << waiting - waiting_after << " sign-ins";
}

// ---------------------------------------------------------------- rate limit

class AuthRateLimit : public ApiTest {
 public:
  static void SetUpTestSuite() {
    platform_env().clear();
    platform_env()["AUTH_RATE_LIMIT"] = "3";
    ApiTest::SetUpTestSuite();
  }
};

TEST_F(AuthRateLimit, CredentialRoutesAreLimitedPerClient) {
  HttpClient c(port());
  // The test runs on loopback, a trusted proxy by default: X-Forwarded-For
  // names the client, so each test below is its own client.
  const HeaderList from = {{"X-Forwarded-For", "198.51.100.10"}};
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.post("/api/auth/sign-in", sign_in_body(), from).status, 401) << i;
  // Sign-up counts against the same budget: it hashes a password too.
  const auto refused =
      c.post("/api/auth/sign-up", json::object{{"email", "new-" + core::new_uuid().substr(0, 8) + "@example.com"},
                                               {"password", "correct horse"}},
             from);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(error_code(refused), "rate_limited");
  const int retry_after = std::stoi(refused.header("Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  EXPECT_EQ(c.post("/api/auth/sign-in", sign_in_body(), from).status, 429);
  // Another client is not affected.
  EXPECT_EQ(c.post("/api/auth/sign-in", sign_in_body(), {{"X-Forwarded-For", "198.51.100.11"}}).status, 401);
  EXPECT_GE(metric(c, "http_requests_total{method=\"POST\",route=\"/api/auth/sign-in\",status=\"429\"}"), 1);
}

TEST_F(AuthRateLimit, SessionReadsAreNotLimited) {
  const auto a = sign_up();  // from loopback itself: one of its three
  auto c = client_for(a);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(c.get("/api/auth/me").status, 200) << i;
}

// ---------------------------------------------------------------- queue and database

class BlockedDatabase : public ApiTest {
 public:
  static void SetUpTestSuite() {
    platform_env().clear();
    platform_env()["DB_POOL_SIZE"] = "2";
    platform_env()["HTTP_QUEUE_LIMIT"] = "3";
    platform_env()["DB_STATEMENT_TIMEOUT_MS"] = "8000";
    ApiTest::SetUpTestSuite();
  }

 protected:
  // Holds an exclusive lock on the tasks table (from outside the platform)
  // until release() or the end of the test.
  struct TableLock {
    explicit TableLock(const std::string& url) : conn(url) {
      conn.exec_script("BEGIN; LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE");
    }
    ~TableLock() { release(); }
    void release() {
      if (!held) return;
      conn.exec_script("ROLLBACK");
      held = false;
    }
    db::Connection conn;
    bool held = true;
  };

  // `n` list requests of `a` at once, each on a connection and thread of its own.
  class ListsAtOnce {
   public:
    ListsAtOnce(size_t n, const Account& a) : answers_(n) {
      for (size_t i = 0; i < n; ++i)
        threads_.emplace_back([this, i, a] {
          answers_[i] = client_for(a).get(tasks_url(a));
          ++answered;
        });
    }
    ~ListsAtOnce() { join(); }
    // Waits for every answer.
    const std::vector<HttpResult>& answers() {
      join();
      return answers_;
    }
    std::atomic<int> answered{0};

   private:
    void join() {
      for (auto& t : threads_)
        if (t.joinable()) t.join();
    }
    std::vector<HttpResult> answers_;
    std::vector<std::thread> threads_;
  };
};

// Two workers stuck on the database, one request waiting for them: the
// queue is full, and the next request is refused at once with 503 and
// Retry-After instead of waiting without bound. Once the database moves,
// everything admitted is answered.
TEST_F(BlockedDatabase, AFullQueueRefusesAtOnceAndRecovers) {
  const auto a = sign_up();
  HttpClient probe(port());
  TableLock lock(database().url());
  ListsAtOnce stuck(3, a);
  ASSERT_TRUE(wait_until([&] { return metric(probe, pool_load("workers")) >= 3; }, 30s));
  auto c = client_for(a);
  const auto busy = c.get(tasks_url(a));
  EXPECT_EQ(busy.status, 503) << busy.body;
  EXPECT_EQ(error_code(busy), "unavailable");
  EXPECT_EQ(busy.header("Retry-After"), "1");
  // Operations endpoints run on the network thread: still answered.
  EXPECT_EQ(probe.get("/healthz").status, 200);
  lock.release();
  for (const auto& r : stuck.answers()) EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(c.get(tasks_url(a)).status, 200);
  EXPECT_TRUE(wait_until([&] { return metric(probe, pool_load("workers")) == 0; }));
}

// A statement stuck behind a lock is cut off by DB_STATEMENT_TIMEOUT_MS: the
// request fails as 503 (retry later), never hangs, and the worker is free.
TEST_F(BlockedDatabase, AStatementStuckBehindALockTimesOutAs503) {
  const auto a = sign_up();
  auto c = client_for(a);
  TableLock lock(database().url());
  const auto r = c.get(tasks_url(a));
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(error_code(r), "unavailable");
  EXPECT_FALSE(r.header("Retry-After").empty());
  lock.release();
  EXPECT_EQ(c.get(tasks_url(a)).status, 200);
}

// ---------------------------------------------------------------- handler fibers

// The embedded default (HANDLER_FIBERS=on, IO_THREADS=1): handlers run on
// fibers of the network thread. Requests stuck in the database and
// requests waiting for one of its connections all wait at once on that
// thread, which meanwhile answers others.
class FiberHandlers : public BlockedDatabase {
 public:
  static void SetUpTestSuite() {
    platform_env().clear();
    platform_env()["DB_POOL_SIZE"] = "2";
    platform_env()["DB_STATEMENT_TIMEOUT_MS"] = "20000";
    ApiTest::SetUpTestSuite();
  }

 protected:
  // Connections of the platform waiting for a lock in PostgreSQL.
  static int waiting_on_locks() {
    db::Connection sql(database().url());
    return static_cast<int>(sql.exec("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'todo-platform' "
                                     "AND wait_event_type = 'Lock'")
                                .front()
                                .int64(0));
  }
};

// Eight lists against a locked table and two connections: two wait in
// PostgreSQL, six wait for a connection, all eight on fibers of the one
// network thread. When the lock goes, every one is answered.
TEST_F(FiberHandlers, ManyRequestsWaitAtOnceOnOneNetworkThread) {
  const auto a = sign_up();
  HttpClient probe(port());
  TableLock lock(database().url());
  ListsAtOnce lists(8, a);
  ASSERT_TRUE(wait_until([&] { return metric(probe, "http_handler_fibers") == 8 && waiting_on_locks() == 2; }, 30s))
      << "fibers " << metric(probe, "http_handler_fibers") << ", waiting on locks " << waiting_on_locks();
  EXPECT_EQ(probe.get("/healthz").status, 200);
  lock.release();
  for (const auto& r : lists.answers()) EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(wait_until([&] { return metric(probe, "http_handler_fibers") == 0; }));
}

// A fiber waiting for a connection waits no longer than the pool's acquire
// timeout (5 s): it is answered 503, the two holding connections are not.
TEST_F(FiberHandlers, AWaitForAConnectionEndsAt503) {
  const auto a = sign_up();
  TableLock lock(database().url());
  ListsAtOnce lists(3, a);
  ASSERT_TRUE(wait_until([&] { return lists.answered.load() == 1; }, 30s));
  lock.release();
  int unavailable = 0, ok = 0;
  for (const auto& r : lists.answers()) {
    if (r.status == 503 && error_code(r) == "unavailable") ++unavailable;
    if (r.status == 200) ++ok;
  }
  EXPECT_EQ(unavailable, 1);
  EXPECT_EQ(ok, 2);
}

// ---------------------------------------------------------------- state left by strangers

class StateCleanup : public ApiTest {
 public:
  static void SetUpTestSuite() {
    platform_env().clear();
    platform_env()["STATE_CLEANUP_INTERVAL_MS"] = "200";
    ApiTest::SetUpTestSuite();
  }
};

// Failed sign-ins for emails nobody owns leave throttle rows with a TTL;
// once it passes, the embedded runtime deletes them: unauthenticated
// traffic cannot grow a table for good.
TEST_F(StateCleanup, ExpiredThrottleRowsOfUnknownEmailsAreDeleted) {
  HttpClient c(port());
  for (int i = 0; i < 5; ++i) ASSERT_EQ(c.post("/api/auth/sign-in", sign_in_body()).status, 401);
  db::Connection sql(database().url());
  const auto count = [&] { return sql.exec("SELECT count(*) FROM state WHERE key LIKE 'gateway||%'").front().int64(0); };
  ASSERT_EQ(count(), 5);
  // Within their window they stay (they are the lockout's memory)...
  EXPECT_FALSE(wait_until([&] { return count() < 5; }, 1s));
  // ...and once the window has passed they go.
  sql.exec("UPDATE state SET expiredate = now() - interval '1 second' WHERE key LIKE 'gateway||%'");
  EXPECT_TRUE(wait_until([&] { return count() == 0; }));
}

// ---------------------------------------------------------------- connections and address

class ConnectionCap : public ApiTest {
 public:
  static void SetUpTestSuite() {
    platform_env().clear();
    platform_env()["MAX_CONNECTIONS_PER_CLIENT"] = "4";
    platform_env()["TRUSTED_PROXIES"] = "none";  // loopback is a client like any other here
    platform_env()["HOST"] = "127.0.0.1";
    ApiTest::SetUpTestSuite();
  }
};

TEST_F(ConnectionCap, OneClientCannotHoldEveryConnection) {
  HttpClient probe(port());  // keep-alive: holds one connection after its first request
  ASSERT_EQ(probe.get("/healthz").status, 200);
  const double refused_before = metric(probe, "http_connections_refused_total");
  std::vector<std::unique_ptr<RawSocket>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<RawSocket>(port()));
    ASSERT_TRUE(held.back()->connected());
  }
  // All four taken: the server keeps them (they are idle, not refused)...
  ASSERT_TRUE(wait_until([&] { return metric(probe, "http_connections_open") >= 4; }));
  EXPECT_FALSE(held.front()->closed_by_server(200ms));
  // ...and closes a fifth at once.
  RawSocket fifth(port());
  EXPECT_TRUE(fifth.closed_by_server(10s));
  EXPECT_EQ(metric(probe, "http_connections_refused_total"), refused_before + 1);
  // One closes, and a new one is served again.
  held.pop_back();
  EXPECT_TRUE(wait_until([&] {
    HttpClient fresh(port());
    try {
      return fresh.get("/healthz").status == 200;
    } catch (const std::exception&) {
      return false;
    }
  }));
}

TEST_F(ConnectionCap, HostChoosesTheListeningAddress) {
  // HOST=127.0.0.1: the server answers there, and not on another loopback
  // address (which a listener on 0.0.0.0 would accept).
  EXPECT_EQ(HttpClient(port(), "127.0.0.1").get("/healthz").status, 200);
  RawSocket elsewhere(port(), "127.0.0.2");
  EXPECT_FALSE(elsewhere.connected());
}

}  // namespace todo::test
