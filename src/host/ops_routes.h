#pragma once
// /healthz, /readyz and /metrics (DESIGN §3.7).
#include "db/pool.h"
#include "net/router.h"

namespace todo::host {

void add_ops_routes(net::Router& router, db::Pool& db);

}  // namespace todo::host
