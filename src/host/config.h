#pragma once
// Configuration from the environment (DESIGN §4), validated once at start-up.
// A bad value stops the process with one line naming the variable (exit 2).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "obs/log.h"

namespace todo::host {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string variable, const std::string& problem)
      : std::runtime_error(variable + " " + problem), variable_(std::move(variable)) {}
  const std::string& variable() const { return variable_; }

 private:
  std::string variable_;
};

enum class RuntimeKind { Local, Dapr };

struct Config {
  // Beside Dapr these two may come from the secret store instead (empty here
  // until then); embedded they are required.
  std::string database_url;
  std::string jwt_secret;
  std::chrono::seconds jwt_ttl{7 * 24 * 3600};
  uint16_t port = 8080;
  std::string host = "0.0.0.0";  // the listening address
  RuntimeKind runtime = RuntimeKind::Local;
  std::string dapr_host = "127.0.0.1";
  uint16_t dapr_http_port = 3500;
  std::string dapr_api_token;  // sent to the sidecar as dapr-api-token
  std::string app_api_token;   // required from the sidecar on internal routes
  std::string web_root = "web/dist";
  // App ids this process hosts (SERVICES for todo-platform; the one app id
  // of a service executable).
  std::set<std::string> services;
  bool hosts(std::string_view app_id) const { return services.count(std::string(app_id)) > 0; }
  obs::Level log_level = obs::Level::Info;
  bool log_json = true;

  int db_pool_size = 16;  // also the number of handler threads (without handler fibers)
  int io_threads = 1;
  // Handlers on fibers of the network threads (net/handler_fibers): the
  // embedded runtime's default; beside Dapr the handlers' sidecar calls block.
  bool handler_fibers = true;
  std::chrono::milliseconds shutdown_grace{10000};
  std::chrono::milliseconds http_read_timeout{10000};
  std::chrono::milliseconds http_idle_timeout{60000};
  int http_queue_limit = 1024;           // requests waiting for or on the workers, then 503
  int hash_workers = 2;                  // threads that hash passwords (sign-up, sign-in)
  int max_connections_per_client = 256;
  int auth_rate_limit = 120;             // sign-up + sign-in requests per minute per client; 0 = off
  std::vector<std::string> trusted_proxies = {"127.0.0.1", "::1"};  // whose X-Forwarded-For names the client
  std::chrono::milliseconds db_statement_timeout{30000};
  std::chrono::milliseconds state_cleanup_interval{3600000};  // embedded: purge expired state rows

  // Delivery policy of the event log's readers.
  int event_max_attempts = 8;
  std::chrono::milliseconds event_retry_base{100};
  std::chrono::milliseconds event_retry_max{30000};
  std::chrono::milliseconds event_poll_interval{1000};
  std::chrono::seconds event_retention{7 * 24 * 3600};
  int event_parallelism = 4;
  // Embedded: consumed events (or jobs) whose transactions share one COMMIT.
  int group_commit_size = 32;

  std::chrono::milliseconds ws_ping_interval{30000};
  int ws_send_queue = 256;
  int ws_socket_send_buffer = 0;
};

using Getenv = std::function<const char*(const char*)>;

// `app_id`: the configuration of one service's executable (it hosts that
// service, ignores SERVICES, listens on its own port by default, and runs
// only beside a sidecar). Without it: todo-platform. Throws ConfigError.
Config load_config(const Getenv& getenv, std::optional<std::string_view> app_id = std::nullopt);

// The checks on DATABASE_URL and JWT_SECRET, also for values read from a
// secret store. Throw ConfigError.
void check_database_url(const std::string& url);
void check_jwt_secret(const std::string& secret);

}  // namespace todo::host
