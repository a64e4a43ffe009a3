#pragma once
// /healthz, /readyz and /metrics (DESIGN §3.7), served from the first moment
// a process listens.
#include <functional>
#include <string>

#include "db/pool.h"
#include "net/router.h"

namespace todo::host {

// Why the process cannot serve yet ("starting", "the sidecar is not
// ready", …), or empty when it can. /readyz also checks the database itself.
using ReadinessCheck = std::function<std::string()>;

void add_ops_routes(net::ServiceRoutes& routes, db::Pool& db, ReadinessCheck not_ready);

}  // namespace todo::host
