// todo-platform: the embedded platform (all services, one process, one port).
//
//   todo-platform                 serve (until SIGTERM/SIGINT)
//   todo-platform migrate         apply database migrations and exit
//   todo-platform help
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "db/migrations.h"
#include "db/pool.h"
#include "host/config.h"
#include "host/platform.h"
#include "obs/log.h"

namespace {

int usage(int code) {
  std::fputs(
      "usage: todo-platform [command]\n"
      "  (no command)              run the platform until SIGTERM or SIGINT\n"
      "  migrate                   apply database migrations and exit\n"
      "  help                      this text\n"
      "Configuration comes from the environment; see README.md.\n",
      code == 0 ? stdout : stderr);
  return code;
}

int serve(const todo::host::Config& config) {
  // Signals are taken by this thread only (sigwait), so every other thread
  // is started with them blocked.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  todo::host::Platform platform(config);
  platform.start();
  std::printf("todo-platform listening on http://localhost:%u\n", platform.port());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  todo::obs::info("todo-platform", "shutting down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  platform.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  if (command == "help" || command == "--help" || command == "-h") return usage(0);
  if (!command.empty() && command != "migrate") {
    std::fprintf(stderr, "todo-platform: unknown command '%s'\n", argv[1]);
    return usage(2);
  }
  todo::host::Config config;
  try {
    config = todo::host::load_config([](const char* name) { return std::getenv(name); });
  } catch (const todo::host::ConfigError& e) {
    std::fprintf(stderr, "todo-platform: invalid configuration: %s\n", e.what());
    return 2;
  }
  todo::obs::configure_logging(config.log_level, config.log_json);
  try {
    if (command == "migrate") {
      todo::db::Connection conn(config.database_url);
      for (const auto& name : todo::db::migrate(conn, todo::db::embedded_migrations()))
        todo::obs::info("todo-platform", "migration applied", {{"migration", name}});
      return 0;
    }
    return serve(config);
  } catch (const std::exception& e) {
    todo::obs::error("todo-platform", "fatal", {{"error", e.what()}});
    std::fprintf(stderr, "todo-platform: %s\n", e.what());
    return 1;
  }
}
