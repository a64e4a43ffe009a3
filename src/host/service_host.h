#pragma once
// One process of the platform: the services it hosts, the runtime adapters
// behind their ports, and one HTTP server (DESIGN §8.1).
//
// - todo-platform hosts all six (or SERVICES) on the local runtime, on one
//   port. It starts strictly: the database is migrated before it listens, and
//   a failure ends start() with an exception (exit 1).
// - bin/<app id> hosts exactly its service beside a Dapr sidecar. It listens
//   at once: /healthz answers 200, /readyz 503, the sidecar gets its
//   subscriptions and binding probes, every other route answers 503 until
//   the process has read its secrets, reached and migrated the database and
//   started — retried in the background until they succeed.
//
// Public routes go on the listening port. Internal routes (other services
// call them) go on an in-process router embedded, and on the port beside
// Dapr, where the sidecar calls them, guarded by APP_API_TOKEN when set.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "auth/jwt.h"
#include "db/pool.h"
#include "host/config.h"
#include "host/runtime_adapters.h"
#include "net/dispatcher.h"
#include "net/http_server.h"
#include "net/router.h"
#include "runtime/clock.h"
#include "services/service.h"

namespace todo::host {

class ServiceHost {
 public:
  // `name` names the process in logs and metrics ("todo-platform" or the app id).
  ServiceHost(std::string name, Config config, const runtime::Clock& clock = runtime::system_clock());
  ~ServiceHost();
  ServiceHost(const ServiceHost&) = delete;
  ServiceHost& operator=(const ServiceHost&) = delete;

  // Local: starts everything, then listens; throws on failure. Dapr: listens,
  // then starts the rest in the background.
  void start();
  uint16_t port() const;
  bool started() const { return started_.load(); }
  // Graceful: stop accepting, finish requests and deliveries, close
  // WebSockets (1001), stop the runtime.
  void stop();

 private:
  // Secrets, database, migrations, runtime, services. Throws on failure.
  void boot();
  void boot_until_started();
  // Why the process cannot serve yet, or empty.
  std::string not_ready();

  std::string name_;
  Config config_;
  const runtime::Clock& clock_;
  db::Pool db_;
  auth::JwtCodec jwt_;
  std::unique_ptr<RuntimeAdapters> runtime_;
  std::vector<std::unique_ptr<services::Service>> services_;
  net::Router router_;
  net::Router internal_router_;
  std::unique_ptr<net::Dispatcher> dispatcher_;
  std::unique_ptr<net::Dispatcher> internal_dispatcher_;
  std::unique_ptr<net::HttpServer> server_;

  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listening_{false};
  std::thread booter_;
};

}  // namespace todo::host
