#pragma once
// Configuration from the environment (DESIGN §4), validated once at start-up.
// A bad value stops the process with one line naming the variable (exit 2).
#include <chrono>
#include <cstdint>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>

#include "obs/log.h"
#include "runtime/local/bus_options.h"

namespace todo::host {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string variable, const std::string& problem)
      : std::runtime_error(variable + " " + problem), variable_(std::move(variable)) {}
  const std::string& variable() const { return variable_; }

 private:
  std::string variable_;
};

struct Config {
  std::string database_url;
  std::string jwt_secret;
  std::chrono::seconds jwt_ttl{7 * 24 * 3600};
  uint16_t port = 8080;
  std::string runtime = "local";
  std::string dapr_host = "127.0.0.1";
  uint16_t dapr_http_port = 3500;
  std::string web_root = "web/dist";
  // App ids this process hosts (SERVICES, comma-separated; default all six).
  std::set<std::string> services;
  bool hosts(std::string_view app_id) const { return services.count(std::string(app_id)) > 0; }
  obs::Level log_level = obs::Level::Info;
  bool log_json = true;

  int db_pool_size = 16;  // also the number of handler threads
  int io_threads = 1;
  std::chrono::milliseconds shutdown_grace{10000};
  std::chrono::milliseconds http_read_timeout{10000};
  std::chrono::milliseconds http_idle_timeout{60000};
  runtime::local::BusOptions bus;
  std::chrono::milliseconds ws_ping_interval{30000};
  int ws_send_queue = 256;
  int ws_socket_send_buffer = 0;
};

// Every app id of DESIGN §1.
inline const std::set<std::string>& all_services() {
  static const std::set<std::string> all = {"gateway",           "todo-api",      "recurring-service",
                                            "notification-service", "audit-service", "websocket-service"};
  return all;
}

using Getenv = std::function<const char*(const char*)>;

// Throws ConfigError.
Config load_config(const Getenv& getenv);

}  // namespace todo::host
