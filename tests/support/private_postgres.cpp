#include "private_postgres.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace todo::test {
namespace {

// A port the kernel just handed out and took back: free a moment from now.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

PrivatePostgres::PrivatePostgres() {
  static std::atomic<int> n{0};
  dir_ = "/tmp/todo-private-pg-" + std::to_string(::getpid()) + "-" + std::to_string(n++);
  port_ = free_port();
  if (run("d=$(pg_prepare_dir " + dir_ + ") && pg_init_cluster \"$d\" trust && pg_start \"$d\" " +
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
  if (run("pg_start $(readlink -f " + dir_ + ") " + std::to_string(port_)) != 0)
    throw std::runtime_error("pg_start failed");
}

void PrivatePostgres::psql(const std::string& sql) const {
  if (std::system(("psql -q -X -v ON_ERROR_STOP=1 " + quoted(url()) + " -c " + quoted(sql) + " >/dev/null 2>&1").c_str()) != 0)
    throw std::runtime_error("psql failed: " + sql);
}

std::string PrivatePostgres::url(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

int PrivatePostgres::run(const std::string& script) const {
  const std::string cmd = "bash -c " +
                          quoted("source \"" TODO_SOURCE_DIR "/scripts/lib/common.sh\"; source \"" TODO_SOURCE_DIR
                                 "/scripts/lib/postgres.sh\"; " + script) +
                          " >/dev/null 2>&1";
  return std::system(cmd.c_str());
}

}  // namespace todo::test
