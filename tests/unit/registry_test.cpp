// The registry of services (services/registry) against DESIGN §1: app ids,
// ports, what each consumes and publishes, and that the routes the gateway
// forwards for a remote service are exactly the routes that service serves.
#include "services/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/events.h"
#include "fake_ports.h"
#include "runtime/eventlog/intents.h"

namespace todo::services {
namespace {

struct Fakes {
  runtime::SystemClock clock;
  db::Pool pool{1};
  auth::JwtCodec jwt{"unit-test-secret-0123456789abcdef0123"};
  test::FakeEventBus bus;
  test::FakeScheduler scheduler;
  test::FakeInvoker invoker;
  test::FakeStateStore state{[this] { return clock.now(); }};
  ServiceContext ctx{pool, bus, jwt, clock, invoker, scheduler, state};
};

std::set<std::string> patterns_of(const net::Router& r) {
  std::set<std::string> out;
  for (const auto& route : r.routes()) out.insert(route.method + " " + route.pattern);
  return out;
}

TEST(Registry, ListsTheSixServicesWithTheirPorts) {
  const std::map<std::string, uint16_t> design = {{"gateway", 3000},
                                                  {"todo-api", 8000},
                                                  {"recurring-service", 8001},
                                                  {"notification-service", 8002},
                                                  {"audit-service", 8003},
                                                  {"websocket-service", 8004}};
  std::map<std::string, uint16_t> listed;
  for (const auto& s : service_registry()) listed[std::string(s.app_id)] = s.port;
  EXPECT_EQ(listed, design);
  EXPECT_EQ(find_service("todo-api")->port, 8000);
  EXPECT_EQ(find_service("billing"), nullptr);
}

TEST(Registry, EachServiceConsumesAndPublishesWhatTheDesignSays) {
  const std::map<std::string, std::set<std::string>> consumes = {
      {"gateway", {}},
      {"todo-api", {"reminders"}},
      {"recurring-service", {"task-events"}},
      {"notification-service", {"reminders"}},
      {"audit-service", {"task-events"}},
      {"websocket-service", {"task-updates"}}};
  const std::map<std::string, std::set<std::string>> publishes = {
      {"gateway", {}},
      {"todo-api", {"task-events", "task-updates"}},
      {"recurring-service", {"reminders", "intents"}},
      {"notification-service", {"task-updates"}},
      {"audit-service", {}},
      {"websocket-service", {}}};
  for (const auto& info : service_registry()) {
    Fakes f;
    auto service = info.make(f.ctx, ServiceSettings{});
    EXPECT_EQ(service->app_id(), info.app_id);
    service->subscribe(f.bus);
    std::set<std::string> topics;
    for (const auto& s : f.bus.subscriptions()) {
      topics.insert(s.topic);
      EXPECT_EQ(s.subscriber, info.app_id);
      // Only websocket-service needs every event on every replica.
      EXPECT_EQ(s.mode == runtime::Subscription::Mode::Broadcast, info.app_id == "websocket-service") << s.topic;
    }
    EXPECT_EQ(topics, consumes.at(std::string(info.app_id))) << info.app_id;
    std::set<std::string> outbox(info.outbox_topics.begin(), info.outbox_topics.end());
    EXPECT_EQ(outbox, publishes.at(std::string(info.app_id))) << info.app_id;
  }
}

TEST(Registry, ForwardedRoutesAreExactlyTheRoutesEachServiceServes) {
  for (const auto& info : service_registry()) {
    Fakes f;
    auto service = info.make(f.ctx, ServiceSettings{});
    net::Router router;
    net::ServiceRoutes routes(router, std::string(info.app_id));
    service->add_routes(routes);
    std::set<std::string> forwarded;
    for (const auto& k : info.public_routes()) forwarded.insert(k.method + " " + k.pattern);
    const auto served = patterns_of(router);
    if (info.app_id == "gateway") {
      EXPECT_EQ(forwarded, served);  // its own routes; nobody forwards to it
    } else if (info.app_id == "websocket-service") {
      EXPECT_TRUE(forwarded.empty());  // /ws goes to websocket-service through the ingress
      EXPECT_EQ(served, std::set<std::string>{"GET /ws"});
    } else {
      EXPECT_EQ(forwarded, served) << info.app_id;
    }
    // Nothing public is internal.
    for (const auto& p : served) EXPECT_EQ(p.find("/internal/"), std::string::npos) << p;
  }
}

TEST(Registry, TheGatewayForwardsEveryRouteOfARemoteServiceAndOnlyThose) {
  Fakes f;
  ServiceSettings settings;
  for (const auto& info : service_registry())
    if (info.app_id != "gateway")
      for (auto& k : info.public_routes()) settings.remote_routes.push_back({std::string(info.app_id), k});
  auto gateway = find_service("gateway")->make(f.ctx, settings);
  net::Router router;
  net::ServiceRoutes routes(router, "gateway");
  gateway->add_routes(routes);
  EXPECT_EQ(router.match("GET", "/api/u/tasks/t").kind, net::Router::Match::Kind::Found);
  EXPECT_EQ(router.match("PATCH", "/api/u/tasks/t/complete").kind, net::Router::Match::Kind::Found);
  EXPECT_EQ(router.match("GET", "/api/u/notifications").kind, net::Router::Match::Kind::Found);
  EXPECT_EQ(router.match("GET", "/api/u/audit").kind, net::Router::Match::Kind::Found);
  EXPECT_EQ(router.match("POST", "/api/auth/sign-in").kind, net::Router::Match::Kind::Found);
  // Internal routes of todo-api are never on the edge (only the web app's
  // fallback answers GETs it does not know).
  EXPECT_EQ(router.match("POST", "/internal/next-occurrence").kind, net::Router::Match::Kind::NotFound);
}

TEST(Registry, PeriodicWorkIsNamedLikeItsCronBinding) {
  // Beside Dapr a periodic job is the cron input binding of the same name
  // (deploy/dapr/). These are the names the components must carry.
  std::map<std::string, std::chrono::seconds> periodic;
  for (const auto& info : service_registry()) {
    Fakes f;
    info.make(f.ctx, ServiceSettings{})->register_jobs(f.scheduler);
    for (const auto& [name, interval] : f.scheduler.periodic()) periodic[name] = interval;
  }
  const std::map<std::string, std::chrono::seconds> expected = {{"reminder-sweep", std::chrono::seconds(60)},
                                                                {"todo-api-housekeeping", std::chrono::seconds(3600)}};
  EXPECT_EQ(periodic, expected);
}

}  // namespace
}  // namespace todo::services
