#include "platform_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/uuid.h"
#include "test_env.h"

namespace todo::test {
namespace {

std::vector<std::string> merged_env(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> all;
  for (char** e = environ; *e; ++e) {
    const std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string::npos) all[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : extra) all[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : all) out.push_back(k + "=" + v);
  return out;
}

}  // namespace

PlatformProcess::PlatformProcess(std::string database_url, std::map<std::string, std::string> env)
    : database_url_(std::move(database_url)), env_(std::move(env)) {
  const char* out = std::getenv("TEST_OUTPUT_DIR");
  log_path_ = std::string(out && *out ? out : "/tmp") + "/platform-" + core::new_uuid().substr(0, 8) + ".log";
}

PlatformProcess::~PlatformProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void PlatformProcess::start() {
  const auto bin = required_env("TODO_PLATFORM_BIN");
  auto env = env_;
  env.emplace("DATABASE_URL", database_url_);
  env.emplace("JWT_SECRET", kTestJwtSecret);
  env.emplace("PORT", "0");
  env.emplace("LOG_LEVEL", "info");
  // The suites sign up and in far faster than a person: the per-client
  // limit would refuse them. The suite that tests the limit sets its own.
  env.emplace("AUTH_RATE_LIMIT", "0");
  const auto envs = merged_env(env);

  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out[1], 1);
    const int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) ::dup2(log, 2);
    ::close(out[0]);
    std::vector<char*> envp;
    for (const auto& e : envs) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    char* argv[] = {const_cast<char*>(bin.c_str()), nullptr};
    ::execve(bin.c_str(), argv, envp.data());
    std::_Exit(127);
  }
  ::close(out[1]);
  // Read stdout until "listening on http://localhost:<port>".
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{out[0], POLLIN, 0};
    if (::poll(&pfd, 1, 100) > 0) {
      char buf[256];
      const auto n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      seen.append(buf, static_cast<size_t>(n));
      const auto at = seen.find("http://localhost:");
      if (at != std::string::npos && seen.find('\n', at) != std::string::npos) {
        port_ = static_cast<uint16_t>(std::stoi(seen.substr(at + 17)));
        ::close(out[0]);
        return;
      }
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
  }
  ::close(out[0]);
  throw std::runtime_error("todo-platform did not start; log:\n" + log());
}

int PlatformProcess::terminate(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  if (wait_until([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, timeout)) {
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
  kill9();
  return -SIGKILL;
}

void PlatformProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

bool PlatformProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

std::string PlatformProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int PlatformProcess::run_command(const std::map<std::string, std::string>& env, const std::string& args,
                                 std::string& output, const std::string& executable) {
  auto bin = required_env("TODO_PLATFORM_BIN");
  if (!executable.empty()) bin = bin.substr(0, bin.rfind('/') + 1) + executable;
  std::string cmd = "env -i";
  for (const auto& [k, v] : env) cmd += " '" + k + "=" + v + "'";
  cmd += " '" + bin + "' " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed");
  std::array<char, 512> buf{};
  output.clear();
  while (auto n = std::fread(buf.data(), 1, buf.size(), p)) output.append(buf.data(), n);
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace todo::test
