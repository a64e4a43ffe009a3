// Start-up and shutdown of the real binary: configuration errors, a
// PostgreSQL restart under a running platform, SIGTERM drain.
#include <boost/json.hpp>
#include <cstdlib>
#include <thread>

#include "db/connection.h"

#include "api_fixture.h"
#include "platform_process.h"
#include "private_postgres.h"
#include "test_env.h"

namespace todo::test {
namespace json = boost::json;

namespace {

std::map<std::string, std::string> valid_env() {
  return {{"DATABASE_URL", required_env("TEST_DATABASE_URL")}, {"JWT_SECRET", kTestJwtSecret}, {"PORT", "0"},
          {"PATH", "/usr/bin:/bin"}};
}

// Runs the binary with `env` and expects exit 2 and one line naming `variable`.
void expect_config_error(std::map<std::string, std::string> env, const std::string& variable) {
  std::string out;
  const int code = PlatformProcess::run_command(env, "", out);
  EXPECT_EQ(code, 2) << out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 0) << "expected one line, got:\n" << out;
  EXPECT_NE(out.find(variable), std::string::npos) << out;
}

}  // namespace

TEST(Startup, InvalidConfigurationExitsTwoWithOneLine) {
  auto env = valid_env();
  env.erase("DATABASE_URL");
  expect_config_error(env, "DATABASE_URL");
  env = valid_env();
  env["DATABASE_URL"] = "mysql://nope";
  expect_config_error(env, "DATABASE_URL");
  env = valid_env();
  env.erase("JWT_SECRET");
  expect_config_error(env, "JWT_SECRET");
  env = valid_env();
  env["JWT_SECRET"] = "too-short";
  expect_config_error(env, "JWT_SECRET");
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"PORT", "http"}, {"PORT", "70000"}, {"RUNTIME", "kubernetes"}, {"LOG_LEVEL", "loud"},
           {"LOG_FORMAT", "xml"}, {"DB_POOL_SIZE", "0"}, {"SERVICES", "gateway,billing"},
           {"EVENT_MAX_ATTEMPTS", "-1"}, {"HOST", "localhost"}, {"HOST", "0.0.0.0:80"},
           {"TRUSTED_PROXIES", "10.0.0.1,proxy.local"}, {"TRUSTED_PROXIES", "10.0.0.0/33"}, {"AUTH_RATE_LIMIT", "-1"},
           {"DB_STATEMENT_TIMEOUT_MS", "0"}, {"GROUP_COMMIT_SIZE", "0"},
           {"HANDLER_FIBERS", "yes"}}) {
    env = valid_env();
    env[name] = value;
    expect_config_error(env, name);
  }
}

// Beside a Dapr sidecar the handlers call it with a blocking client: on
// fibers of the network thread that would stall it, so the setting is refused.
TEST(Startup, AServiceBesideDaprRefusesHandlerFibers) {
  auto env = valid_env();
  env["RUNTIME"] = "dapr";
  env["HANDLER_FIBERS"] = "on";
  std::string out;
  EXPECT_EQ(PlatformProcess::run_command(env, "", out, "gateway"), 2) << out;
  EXPECT_NE(out.find("HANDLER_FIBERS"), std::string::npos) << out;
}

TEST(Startup, UnknownCommandIsAUsageError) {
  std::string out;
  EXPECT_EQ(PlatformProcess::run_command(valid_env(), "frobnicate", out), 2);
  EXPECT_EQ(PlatformProcess::run_command(valid_env(), "help", out), 0);
  EXPECT_NE(out.find("deadletters"), std::string::npos);
}

TEST(Startup, UnreachableDatabaseFailsStartWithoutHanging) {
  auto env = valid_env();
  env["DATABASE_URL"] = "postgresql://postgres@127.0.0.1:1/nope";
  std::string out;
  EXPECT_EQ(PlatformProcess::run_command(env, "", out), 1);
  EXPECT_NE(out.find("PostgreSQL"), std::string::npos) << out;
}

TEST(Startup, ProcessesStartingTogetherMigrateOnce) {
  TestDatabase db;
  std::vector<std::unique_ptr<PlatformProcess>> ps;
  for (int i = 0; i < 3; ++i) ps.push_back(std::make_unique<PlatformProcess>(db.url()));
  std::vector<std::thread> starters;
  for (auto& p : ps) starters.emplace_back([&p] { p->start(); });
  for (auto& t : starters) t.join();
  for (auto& p : ps) EXPECT_EQ(HttpClient(p->port()).get("/readyz").status, 200);
  db::Connection sql(db.url());
  EXPECT_EQ(sql.exec("SELECT count(*) - count(DISTINCT version) FROM schema_migrations").front().int64(0), 0);
  int applied = 0;
  for (auto& p : ps) {
    const auto log = p->log();
    for (size_t at = log.find("migration applied"); at != std::string::npos; at = log.find("migration applied", at + 1))
      ++applied;
  }
  EXPECT_EQ(applied, static_cast<int>(sql.exec("SELECT count(*) FROM schema_migrations").front().int64(0)));
}

// The idempotent migrations make PostgreSQL send NOTICEs ("… already
// exists, skipping"); printed raw by libpq they read like errors on a
// newcomer's first run (issue 17). Neither the first start on an empty
// database nor a second one may print them.
TEST(Startup, MigratingPrintsNoRawPostgresNotices) {
  TestDatabase db;
  for (int run = 0; run < 2; ++run) {
    PlatformProcess p(db.url());
    p.start();
    ASSERT_EQ(HttpClient(p.port()).get("/readyz").status, 200);
    EXPECT_EQ(p.terminate(), 0);
    EXPECT_EQ(p.log().find("NOTICE"), std::string::npos) << "run " << run << ":\n" << p.log();
  }
}

TEST(Startup, SigtermDrainsAndExitsZero) {
  TestDatabase db;
  PlatformProcess p(db.url());
  p.start();
  HttpClient c(p.port());
  ASSERT_EQ(c.get("/healthz").status, 200);
  EXPECT_EQ(p.terminate(), 0);
  EXPECT_NE(p.log().find("\"stopped\""), std::string::npos);
}

// Requests fail with 503 while PostgreSQL is down and succeed after it is back.
TEST(Startup, SurvivesAPostgresRestart) {
  PrivatePostgres pg;
  PlatformProcess p(pg.url());
  p.start();
  HttpClient c(p.port());
  auto r = c.post("/api/auth/sign-up", json::object{{"email", "restart@example.com"}, {"password", "correct horse"}});
  ASSERT_EQ(r.status, 201) << r.body;
  c.set_token(std::string(r.json().at("token").as_string()));
  const std::string tasks = "/api/" + std::string(r.json().at("user").at("id").as_string()) + "/tasks";
  ASSERT_EQ(c.post(tasks, json::object{{"title", "before"}}).status, 201);

  pg.stop();
  r = c.post(tasks, json::object{{"title", "during"}});
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(error_code(r), "unavailable");
  EXPECT_FALSE(r.header("Retry-After").empty());
  const auto ready = c.get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(error_code(ready), "unavailable");
  EXPECT_EQ(ready.json().at("error").at("request_id").as_string(), ready.header("X-Request-Id"));
  EXPECT_EQ(c.get("/healthz").status, 200);  // alive, just not ready

  pg.start();
  EXPECT_TRUE(wait_until([&] { return c.post(tasks, json::object{{"title", "after"}}).status == 201; },
                         std::chrono::seconds(20)));
  EXPECT_EQ(c.get("/readyz").status, 200);
  const auto list = c.get(tasks).json();
  EXPECT_EQ(list.at("items").as_array().size(), 2u);  // "before" and "after"; "during" was never written
  EXPECT_TRUE(p.running());
}

// A database that turns read-only (a promoted replica gone back to standby,
// default_transaction_read_only): writes answer 503 with the error contract,
// reads keep working, and writes work again once it is writable.
TEST(Startup, AReadOnlyDatabaseRefusesWritesClearlyAndRecovers) {
  PrivatePostgres pg;
  PlatformProcess p(pg.url());
  p.start();
  HttpClient c(p.port());
  auto r = c.post("/api/auth/sign-up", json::object{{"email", "read-only@example.com"}, {"password", "correct horse"}});
  ASSERT_EQ(r.status, 201) << r.body;
  c.set_token(std::string(r.json().at("token").as_string()));
  const std::string tasks = "/api/" + std::string(r.json().at("user").at("id").as_string()) + "/tasks";
  ASSERT_EQ(c.post(tasks, json::object{{"title", "before"}}).status, 201);

  pg.psql("ALTER SYSTEM SET default_transaction_read_only = on");
  pg.psql("SELECT pg_reload_conf()");
  // pg_reload_conf() returns before every backend has applied it: a probe
  // may still be written (201) on a pooled connection that has not. Those
  // must be there at the end; those refused (503) must not.
  std::vector<std::string> written;
  int probes = 0;
  ASSERT_TRUE(wait_until([&] {
    const auto title = "probe " + std::to_string(++probes);
    const auto status = c.post(tasks, json::object{{"title", title}}).status;
    if (status == 201) written.push_back(title);
    return status == 503;
  }));
  r = c.post(tasks, json::object{{"title", "during"}});
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(error_code(r), "unavailable");
  EXPECT_FALSE(r.header("Retry-After").empty());
  EXPECT_EQ(c.get(tasks).status, 200);

  pg.psql("ALTER SYSTEM RESET default_transaction_read_only");
  pg.psql("SELECT pg_reload_conf()");
  EXPECT_TRUE(wait_until([&] { return c.post(tasks, json::object{{"title", "after"}}).status == 201; }));
  std::vector<std::string> titles;
  const auto list = c.get(tasks).json();
  for (const auto& t : list.at("items").as_array()) titles.emplace_back(t.at("title").as_string());
  std::vector<std::string> expected = {"after", "before"};
  expected.insert(expected.end(), written.begin(), written.end());
  std::sort(titles.begin(), titles.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(titles, expected);  // nothing refused was written
  EXPECT_TRUE(p.running());
  EXPECT_EQ(p.log().find("\"level\":\"error\",\"service\":\"http\""), std::string::npos)
      << "a read-only database is not an internal error";
}

}  // namespace todo::test
