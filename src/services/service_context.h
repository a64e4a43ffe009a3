#pragma once
// What a service is given by its host: the ports of DESIGN §1 and its
// database. The same service code runs embedded and (later) beside a Dapr
// sidecar; only the adapters behind these references change.
#include "auth/jwt.h"
#include "db/pool.h"
#include "runtime/clock.h"
#include "runtime/event_bus.h"
#include "runtime/invoker.h"
#include "runtime/scheduler.h"
#include "runtime/state_store.h"

namespace todo::services {

struct ServiceContext {
  db::Pool& db;
  runtime::EventBus& bus;
  const auth::JwtCodec& jwt;
  const runtime::Clock& clock;
  runtime::Invoker* invoker = nullptr;
  runtime::Scheduler* scheduler = nullptr;
  runtime::StateStore* state = nullptr;
};

}  // namespace todo::services
