#include "host/config.h"

#include <charconv>

#include "core/strings.h"

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

}  // namespace

Config load_config(const Getenv& env) {
  Config c;
  c.database_url = get(env, "DATABASE_URL", "");
  if (c.database_url.empty())
    throw ConfigError("DATABASE_URL", "is required (scripts/run starts a private PostgreSQL when it is unset)");
  if (!(c.database_url.starts_with("postgres://") || c.database_url.starts_with("postgresql://") ||
        c.database_url.find('=') != std::string::npos))
    throw ConfigError("DATABASE_URL", "must be a postgresql:// URI or a libpq key=value string");

  c.jwt_secret = get(env, "JWT_SECRET", "");
  if (c.jwt_secret.empty()) throw ConfigError("JWT_SECRET", "is required (at least 32 bytes)");
  if (c.jwt_secret.size() < 32) throw ConfigError("JWT_SECRET", "must be at least 32 bytes long");
  c.jwt_ttl = std::chrono::seconds(integer(env, "JWT_TTL_SECONDS", c.jwt_ttl.count(), 60, 90LL * 24 * 3600));

  c.port = static_cast<uint16_t>(integer(env, "PORT", 8080, 0, 65535));
  c.runtime = get(env, "RUNTIME", "local");
  if (c.runtime != "local" && c.runtime != "dapr") throw ConfigError("RUNTIME", "must be local or dapr");
  if (c.runtime == "dapr")
    throw ConfigError("RUNTIME", "dapr is not available in this build yet; use RUNTIME=local (see docs/architecture.md)");
  c.dapr_host = get(env, "DAPR_HOST", c.dapr_host);
  c.dapr_http_port = static_cast<uint16_t>(integer(env, "DAPR_HTTP_PORT", 3500, 1, 65535));
  c.web_root = get(env, "WEB_ROOT", c.web_root);
  const auto services = get(env, "SERVICES", "all");
  if (services == "all") {
    c.services = all_services();
  } else {
    for (const auto name_view : core::split_list(services)) {
      const std::string name(name_view);
      if (!all_services().count(name))
        throw ConfigError("SERVICES", "must be all or a comma-separated list of gateway, todo-api, recurring-service, "
                                      "notification-service, audit-service, websocket-service (got \"" +
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
  c.shutdown_grace = std::chrono::milliseconds(integer(env, "SHUTDOWN_GRACE_MS", 10000, 0, 600000));
  c.http_read_timeout = std::chrono::milliseconds(integer(env, "HTTP_READ_TIMEOUT_MS", 10000, 100, 600000));
  c.http_idle_timeout = std::chrono::milliseconds(integer(env, "HTTP_IDLE_TIMEOUT_MS", 60000, 100, 3600000));

  auto& b = c.bus;
  b.max_attempts = static_cast<int>(integer(env, "EVENT_MAX_ATTEMPTS", b.max_attempts, 1, 100));
  b.retry_base = std::chrono::milliseconds(integer(env, "EVENT_RETRY_BASE_MS", b.retry_base.count(), 1, 600000));
  b.retry_max = std::chrono::milliseconds(integer(env, "EVENT_RETRY_MAX_MS", b.retry_max.count(), 1, 3600000));
  b.parallelism = static_cast<int>(integer(env, "EVENT_PARALLELISM", b.parallelism, 1, 64));
  b.poll_interval =
      std::chrono::milliseconds(integer(env, "EVENT_POLL_INTERVAL_MS", b.poll_interval.count(), 10, 600000));
  b.retention = std::chrono::seconds(integer(env, "EVENT_RETENTION_SECONDS", b.retention.count(), 0, 365LL * 24 * 3600));

  c.ws_ping_interval =
      std::chrono::milliseconds(integer(env, "WS_PING_INTERVAL_MS", c.ws_ping_interval.count(), 100, 3600000));
  c.ws_send_queue = static_cast<int>(integer(env, "WS_SEND_QUEUE_LIMIT", c.ws_send_queue, 1, 100000));
  c.ws_socket_send_buffer =
      static_cast<int>(integer(env, "WS_SOCKET_SEND_BUFFER", c.ws_socket_send_buffer, 0, 64 * 1024 * 1024));
  return c;
}

}  // namespace todo::host
