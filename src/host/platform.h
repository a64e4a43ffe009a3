#pragma once
// The embedded platform: every service of DESIGN §1 in one process on one
// port, on the local (PostgreSQL) adapters of the ports.
#include <memory>

#include "host/config.h"
#include "runtime/clock.h"

namespace todo::host {

class Platform {
 public:
  // `clock` is injectable for tests; it must outlive the platform.
  explicit Platform(Config config, const runtime::Clock& clock = runtime::system_clock());
  ~Platform();
  // Applies migrations, starts consumers and the HTTP server. Throws on failure.
  void start();
  uint16_t port() const;
  // Graceful: stop accepting, finish requests and deliveries, close WebSockets.
  void stop();

  struct Parts;

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace todo::host
