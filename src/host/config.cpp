#include "host/config.h"

#include <charconv>

#include "core/strings.h"
#include "net/address_set.h"
#include "services/registry.h"

namespace todo::host {
namespace {

std::string get(const Getenv& env, const char* name, const std::string& fallback) {
  const char* v = env(name);
  return v && *v ? std::string(v) : fallback;
}

long long integer(const Getenv& env, const char* name, long long fallback, long long min, long long max) {
  const char* v = env(name);
  if (!v || !*v) return fallback;
  const std::string_view s(v);
  long long out = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || p != s.data() + s.size() || out < min || out > max)
    throw ConfigError(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                                " (got \"" + std::string(s.substr(0, 40)) + "\")");
  return out;
}

std::chrono::milliseconds millis(const Getenv& env, const char* name, std::chrono::milliseconds fallback,
                                 long long min, long long max) {
  return std::chrono::milliseconds(integer(env, name, fallback.count(), min, max));
}

std::string app_id_list() {
  std::string out;
  for (const auto& s : services::service_registry()) out += (out.empty() ? "" : ", ") + std::string(s.app_id);
  return out;
}

}  // namespace

void check_database_url(const std::string& url) {
  if (url.empty())
    throw ConfigError("DATABASE_URL", "is required (scripts/run starts a private PostgreSQL when it is unset)");
  if (!(url.starts_with("postgres://") || url.starts_with("postgresql://") || url.find('=') != std::string::npos))
    throw ConfigError("DATABASE_URL", "must be a postgresql:// URI or a libpq key=value string");
}

void check_jwt_secret(const std::string& secret) {
  if (secret.empty()) throw ConfigError("JWT_SECRET", "is required (at least 32 bytes)");
  if (secret.size() < 32) throw ConfigError("JWT_SECRET", "must be at least 32 bytes long");
}

Config load_config(const Getenv& env, std::optional<std::string_view> app_id) {
  Config c;
  const auto runtime = get(env, "RUNTIME", "local");
  if (runtime == "local") c.runtime = RuntimeKind::Local;
  else if (runtime == "dapr") c.runtime = RuntimeKind::Dapr;
  else throw ConfigError("RUNTIME", "must be local or dapr");
  if (!app_id && c.runtime == RuntimeKind::Dapr)
    throw ConfigError("RUNTIME", "must be local for todo-platform, the embedded runtime (beside Dapr each service "
                                 "runs its own executable, build/<preset>/bin/<app id>)");
  if (app_id && c.runtime == RuntimeKind::Local)
    throw ConfigError("RUNTIME", "must be dapr for " + std::string(*app_id) +
                                     " (it runs beside a Dapr sidecar; the embedded runtime is todo-platform)");

  // Beside Dapr, what the environment leaves unset comes from the secret store.
  c.database_url = get(env, "DATABASE_URL", "");
  if (c.runtime == RuntimeKind::Local || !c.database_url.empty()) check_database_url(c.database_url);
  c.jwt_secret = get(env, "JWT_SECRET", "");
  if (c.runtime == RuntimeKind::Local || !c.jwt_secret.empty()) check_jwt_secret(c.jwt_secret);
  c.jwt_ttl = std::chrono::seconds(integer(env, "JWT_TTL_SECONDS", c.jwt_ttl.count(), 60, 90LL * 24 * 3600));

  const auto* info = app_id ? services::find_service(*app_id) : nullptr;
  if (app_id && !info) throw ConfigError("APP_ID", "names no service: " + std::string(*app_id));
  c.port = static_cast<uint16_t>(integer(env, "PORT", info ? info->port : 8080, 0, 65535));
  c.host = get(env, "HOST", c.host);
  if (!net::is_ip_address(c.host)) {
    throw ConfigError("HOST", "must be an IP address to listen on, such as 0.0.0.0 or 127.0.0.1 (got \"" +
                                          c.host.substr(0, 40) + "\")");
  }
  c.dapr_host = get(env, "DAPR_HOST", c.dapr_host);
  c.dapr_http_port = static_cast<uint16_t>(integer(env, "DAPR_HTTP_PORT", 3500, 1, 65535));
  c.dapr_api_token = get(env, "DAPR_API_TOKEN", "");
  c.app_api_token = get(env, "APP_API_TOKEN", "");
  c.web_root = get(env, "WEB_ROOT", c.web_root);

  if (info) {
    c.services = {std::string(info->app_id)};  // SERVICES is todo-platform's
  } else {
    const auto services = get(env, "SERVICES", "all");
    for (const auto name_view : core::split_list(services)) {
      const std::string name(name_view);
      if (services == "all") {
        for (const auto& s : services::service_registry()) c.services.insert(std::string(s.app_id));
        break;
      }
      if (!services::find_service(name))
        throw ConfigError("SERVICES", "must be all or a comma-separated list of " + app_id_list() + " (got \"" +
                                          name.substr(0, 40) + "\")");
      c.services.insert(name);
    }
  }

  const auto level = get(env, "LOG_LEVEL", "info");
  if (!obs::parse_level(level, c.log_level)) throw ConfigError("LOG_LEVEL", "must be debug, info, warn or error");
  const auto format = get(env, "LOG_FORMAT", "json");
  if (format != "json" && format != "text") throw ConfigError("LOG_FORMAT", "must be json or text");
  c.log_json = format == "json";

  c.db_pool_size = static_cast<int>(integer(env, "DB_POOL_SIZE", c.db_pool_size, 1, 256));
  c.io_threads = static_cast<int>(integer(env, "IO_THREADS", 1, 1, 64));
  const auto fibers = get(env, "HANDLER_FIBERS", c.runtime == RuntimeKind::Local ? "on" : "off");
  if (fibers != "on" && fibers != "off") throw ConfigError("HANDLER_FIBERS", "must be on or off");
  c.handler_fibers = fibers == "on";
  if (c.handler_fibers && c.runtime == RuntimeKind::Dapr)
    throw ConfigError("HANDLER_FIBERS", "must be off beside Dapr: handlers call the sidecar with a blocking HTTP "
                                        "client, which would stall the network thread");
  c.shutdown_grace = millis(env, "SHUTDOWN_GRACE_MS", c.shutdown_grace, 0, 600000);
  c.http_read_timeout = millis(env, "HTTP_READ_TIMEOUT_MS", c.http_read_timeout, 100, 600000);
  c.http_idle_timeout = millis(env, "HTTP_IDLE_TIMEOUT_MS", c.http_idle_timeout, 100, 3600000);
  c.http_queue_limit = static_cast<int>(integer(env, "HTTP_QUEUE_LIMIT", c.http_queue_limit, 1, 1000000));
  c.hash_workers = static_cast<int>(integer(env, "HASH_WORKERS", c.hash_workers, 1, 64));
  c.max_connections_per_client =
      static_cast<int>(integer(env, "MAX_CONNECTIONS_PER_CLIENT", c.max_connections_per_client, 1, 1000000));
  c.auth_rate_limit = static_cast<int>(integer(env, "AUTH_RATE_LIMIT", c.auth_rate_limit, 0, 1000000));
  if (const auto proxies = get(env, "TRUSTED_PROXIES", ""); !proxies.empty()) {
    c.trusted_proxies.clear();
    for (const auto p : core::split_list(proxies))
      if (!p.empty() && p != "none") c.trusted_proxies.emplace_back(p);
    try {
      net::AddressSet{c.trusted_proxies};
    } catch (const std::invalid_argument& e) {
      throw ConfigError("TRUSTED_PROXIES",
                        std::string(e.what()) + "; give IP addresses and networks (10.0.0.0/8), comma-separated, or none");
    }
  }
  c.db_statement_timeout = millis(env, "DB_STATEMENT_TIMEOUT_MS", c.db_statement_timeout, 100, 3600000);
  c.state_cleanup_interval = millis(env, "STATE_CLEANUP_INTERVAL_MS", c.state_cleanup_interval, 100, 86400000);

  c.event_max_attempts = static_cast<int>(integer(env, "EVENT_MAX_ATTEMPTS", c.event_max_attempts, 1, 100));
  c.event_retry_base = millis(env, "EVENT_RETRY_BASE_MS", c.event_retry_base, 1, 600000);
  c.event_retry_max = millis(env, "EVENT_RETRY_MAX_MS", c.event_retry_max, 1, 3600000);
  c.event_parallelism = static_cast<int>(integer(env, "EVENT_PARALLELISM", c.event_parallelism, 1, 64));
  c.group_commit_size = static_cast<int>(integer(env, "GROUP_COMMIT_SIZE", c.group_commit_size, 1, 1000));
  c.event_poll_interval = millis(env, "EVENT_POLL_INTERVAL_MS", c.event_poll_interval, 10, 600000);
  c.event_retention =
      std::chrono::seconds(integer(env, "EVENT_RETENTION_SECONDS", c.event_retention.count(), 0, 365LL * 24 * 3600));

  c.ws_ping_interval = millis(env, "WS_PING_INTERVAL_MS", c.ws_ping_interval, 100, 3600000);
  c.ws_send_queue = static_cast<int>(integer(env, "WS_SEND_QUEUE_LIMIT", c.ws_send_queue, 1, 100000));
  c.ws_socket_send_buffer =
      static_cast<int>(integer(env, "WS_SOCKET_SEND_BUFFER", c.ws_socket_send_buffer, 0, 64 * 1024 * 1024));
  return c;
}

}  // namespace todo::host
