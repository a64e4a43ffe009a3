#pragma once
// A PostgreSQL cluster of a test's own (scripts/lib/postgres.sh), for the
// suites that stop and start the database under a running platform: the
// shared test cluster serves suites running in parallel and must stay up.
#include <string>

namespace todo::test {

class PrivatePostgres {
 public:
  // Creates and starts a cluster listening on a Unix socket in its own
  // directory (no TCP port). Throws when it cannot.
  PrivatePostgres();
  // Stops it and removes its files.
  ~PrivatePostgres();
  PrivatePostgres(const PrivatePostgres&) = delete;
  PrivatePostgres& operator=(const PrivatePostgres&) = delete;

  void stop();   // fast shutdown: sessions are cut
  void start();  // again, on the same socket
  // Runs one SQL command as the superuser (psql): ALTER SYSTEM and the like.
  void psql(const std::string& sql) const;
  std::string url(const std::string& database = "postgres") const;

 private:
  int run(const std::string& script) const;
  std::string dir_;
  int port_ = 0;
};

}  // namespace todo::test
