#pragma once
// Runs the real todo-platform executable (TODO_PLATFORM_BIN) as a child
// process on a free port, so tests exercise real sockets, real signals and
// real crashes (SIGKILL).
#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>

namespace todo::test {

inline constexpr const char* kTestJwtSecret = "test-secret-0123456789abcdef0123456789abcdef";

class PlatformProcess {
 public:
  // Environment on top of DATABASE_URL, JWT_SECRET and PORT=0.
  explicit PlatformProcess(std::string database_url, std::map<std::string, std::string> env = {});
  ~PlatformProcess();
  PlatformProcess(const PlatformProcess&) = delete;
  PlatformProcess& operator=(const PlatformProcess&) = delete;

  // Starts and waits until it is listening. Throws on failure (with its log).
  void start();
  uint16_t port() const { return port_; }
  // SIGTERM and wait; returns the exit status (or -signal).
  int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void kill9();
  // Sets a variable for the next start() (e.g. PORT, to come back on the same port).
  void set_env(const std::string& name, const std::string& value) { env_[name] = value; }
  bool running();
  const std::string& log_path() const { return log_path_; }
  std::string log() const;

  // Runs the binary to completion with extra arguments; returns exit code and output.
  // `executable`: another executable beside TODO_PLATFORM_BIN (a service's), when not empty.
  static int run_command(const std::map<std::string, std::string>& env, const std::string& args, std::string& output,
                         const std::string& executable = "");

 private:
  std::string database_url_;
  std::map<std::string, std::string> env_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string log_path_;
};

}  // namespace todo::test
