#include "host/commands.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "db/connection.h"
#include "db/migrations.h"
#include "host/config.h"
#include "host/service_host.h"
#include "obs/log.h"
#include "runtime/eventlog/dead_letters.h"

namespace todo::host {
namespace {

void print_usage(std::FILE* out, const std::string& exe) {
  std::fprintf(out,
               "usage: %s [command]\n"
               "  (no command)                          serve until SIGTERM or SIGINT\n"
               "  migrate                               apply database migrations and exit\n"
               "  deadletters list [--all] [--subscriber APP]\n"
               "                                        events a subscriber gave up on (--all: also replayed ones)\n"
               "  deadletters replay ID [--wait SECONDS]\n"
               "                                        deliver one dead letter again (waits for the outcome, "
               "default 10 s)\n"
               "  deadletters replay-all [--subscriber APP]\n"
               "                                        deliver every dead letter again\n"
               "  help                                  this text\n"
               "Configuration comes from the environment; see README.md.\n",
               exe.c_str());
}

int usage(int code, const std::string& exe) {
  print_usage(code == 0 ? stdout : stderr, exe);
  return code;
}

int serve(const std::string& name, const Config& config) {
  // Signals are taken by this thread only (sigwait), so every other thread
  // is started with them blocked.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  ServiceHost host(name, config);
  host.start();
  std::printf("%s listening on http://localhost:%u\n", name.c_str(), host.port());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  obs::info(name, "shutting down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  host.stop();
  return 0;
}

// Value of `--name value` in args, if present.
std::optional<std::string> option(const std::vector<std::string>& args, std::string_view name) {
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == name) return args[i + 1];
  return std::nullopt;
}

bool flag(const std::vector<std::string>& args, std::string_view name) {
  return std::find(args.begin(), args.end(), name) != args.end();
}

void print_letter(const runtime::eventlog::DeadLetter& d) {
  std::printf("%-6lld %-22s %-13s %-15s %-8s attempts=%-3d dead_at=%s event_id=%s key=%s\n  error: %s\n", d.id,
              d.subscriber.c_str(), d.topic.c_str(), d.event_type.c_str(), d.status.c_str(), d.attempts,
              core::format_rfc3339(d.dead_at).c_str(), d.event_id.c_str(), d.partition_key.c_str(),
              d.last_error.c_str());
}

int dead_letters(const std::string& exe, const std::string& url, const std::vector<std::string>& args,
                 std::optional<std::string_view> app_id) {
  db::Connection conn(url);
  runtime::eventlog::DeadLetters letters(conn);
  const std::string sub = args.empty() ? "" : args[0];
  auto subscriber = option(args, "--subscriber");
  if (!subscriber && app_id) subscriber = std::string(*app_id);
  if (sub == "list") {
    const auto items = letters.list(subscriber, flag(args, "--all"));
    for (const auto& d : items) print_letter(d);
    std::printf("%zu dead letter(s)\n", items.size());
    return 0;
  }
  if (sub == "replay" && args.size() >= 2) {
    char* end = nullptr;
    const long long id = std::strtoll(args[1].c_str(), &end, 10);
    if (!end || *end) return usage(2, exe);
    const auto before = letters.get(id);
    if (!before) {
      std::fprintf(stderr, "no dead letter %lld\n", id);
      return 1;
    }
    if (letters.request_replay(id) == 0) {
      std::fprintf(stderr, "dead letter %lld is %s, not dead\n", id, before->status.c_str());
      return 1;
    }
    // The running subscriber delivers it; wait for the outcome.
    const int wait_s = std::max(0, std::atoi(option(args, "--wait").value_or("10").c_str()));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
    while (std::chrono::steady_clock::now() < deadline) {
      const auto now = letters.get(id);
      if (now && now->status == "replayed") {
        std::printf("dead letter %lld replayed: delivered\n", id);
        return 0;
      }
      if (now && now->status == "dead" && now->attempts > before->attempts) {
        std::printf("dead letter %lld failed again: %s\n", id, now->last_error.c_str());
        return 1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::printf("dead letter %lld is queued for replay; it is delivered when its subscriber runs\n", id);
    return 0;
  }
  if (sub == "replay-all") {
    std::printf("%d dead letter(s) queued for replay\n", letters.request_replay_all(subscriber));
    return 0;
  }
  return usage(2, exe);
}

}  // namespace

int run_command_line(int argc, char** argv, std::optional<std::string_view> app_id) {
  const std::string exe = app_id ? std::string(*app_id) : "todo-platform";
  const std::string command = argc > 1 ? argv[1] : "";
  const std::vector<std::string> rest(argv + std::min(argc, 2), argv + argc);
  if (command == "help" || command == "--help" || command == "-h") return usage(0, exe);
  if (!command.empty() && command != "migrate" && command != "deadletters") {
    std::fprintf(stderr, "%s: unknown command '%s'\n", exe.c_str(), command.c_str());
    return usage(2, exe);
  }
  try {
    if (command == "migrate" || command == "deadletters") {
      // Operator commands need only the database.
      const char* url = std::getenv("DATABASE_URL");
      if (!url || !*url) {
        std::fprintf(stderr, "%s: invalid configuration: DATABASE_URL is required\n", exe.c_str());
        return 2;
      }
      obs::configure_logging(obs::Level::Info, false);
      if (command == "deadletters") return dead_letters(exe, url, rest, app_id);
      db::Connection conn(url);
      for (const auto& name : db::migrate(conn, db::embedded_migrations())) std::printf("applied %s\n", name.c_str());
      return 0;
    }
    Config config;
    try {
      config = load_config([](const char* name) { return std::getenv(name); }, app_id);
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "%s: invalid configuration: %s\n", exe.c_str(), e.what());
      return 2;
    }
    obs::configure_logging(config.log_level, config.log_json);
    return serve(exe, config);
  } catch (const std::exception& e) {
    obs::error(exe, "fatal", {{"error", e.what()}});
    std::fprintf(stderr, "%s: %s\n", exe.c_str(), e.what());
    return 1;
  }
}

}  // namespace todo::host
