#include "private_postgres.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace todo::test {
namespace {

// A private cluster listens on a Unix socket in its own directory only. With
// a TCP port, a cluster stopped by its test (the fault suite restarts its
// database) freed the port for a cluster another test started meanwhile,
// and the platform reconnected to the wrong database: its writes went there
// and looked lost. The port only names the socket file.
constexpr int kSocketPort = 5432;

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

PrivatePostgres::PrivatePostgres() {
  static std::atomic<int> n{0};
  dir_ = "/tmp/todo-private-pg-" + std::to_string(::getpid()) + "-" + std::to_string(n++);
  port_ = kSocketPort;
  if (run("d=$(pg_prepare_dir " + dir_ + ") && pg_init_cluster \"$d\" trust && PG_LISTEN= pg_start \"$d\" " +
          std::to_string(port_)) != 0)
    throw std::runtime_error("could not start a private PostgreSQL in " + dir_);
}

PrivatePostgres::~PrivatePostgres() {
  run("d=$(readlink -f " + dir_ + "); pg_stop \"$d\"; rm -rf \"$d\" " + dir_);
}

void PrivatePostgres::stop() {
  if (run("pg_stop $(readlink -f " + dir_ + ")") != 0) throw std::runtime_error("pg_stop failed");
}

void PrivatePostgres::start() {
  if (run("PG_LISTEN= pg_start $(readlink -f " + dir_ + ") " + std::to_string(port_)) != 0)
    throw std::runtime_error("pg_start failed");
}

void PrivatePostgres::psql(const std::string& sql) const {
  if (std::system(("psql -q -X -v ON_ERROR_STOP=1 " + quoted(url()) + " -c " + quoted(sql) + " >/dev/null 2>&1").c_str()) != 0)
    throw std::runtime_error("psql failed: " + sql);
}

std::string PrivatePostgres::url(const std::string& database) const {
  return "postgresql://postgres@/" + database + "?host=" + dir_ + "&port=" + std::to_string(port_);
}

int PrivatePostgres::run(const std::string& script) const {
  const std::string cmd = "bash -c " +
                          quoted("source \"" TODO_SOURCE_DIR "/scripts/lib/common.sh\"; source \"" TODO_SOURCE_DIR
                                 "/scripts/lib/postgres.sh\"; " + script) +
                          " >/dev/null 2>&1";
  return std::system(cmd.c_str());
}

}  // namespace todo::test
