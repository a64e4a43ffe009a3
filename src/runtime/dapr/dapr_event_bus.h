#pragma once
// The EventBus port beside a Dapr sidecar (DESIGN §8.2–8.3).
//
// Publishing writes the outbox in the caller's transaction, as embedded. A
// relay — a reader of the event log that sees only this app's rows —
// publishes them in commit order to `POST /v1.0/publish/pubsub/<topic>` with
// the user as Kafka partition key and the CloudEvent as the body
// (application/cloudevents+json), and passes a row only after a 2xx; while
// the sidecar or the broker is down it retries with backoff capped at 10 s
// and never gives up. Per-user order holds: one user's rows go one at a time.
// Replicas of an app share one relay position under an advisory lock.
//
// Subscribing: GET /dapr/subscribe lists one entry per subscription (with
// the app's dead-letter topic) and one for that dead-letter topic; the
// sidecar delivers to POST /events/<topic> and gets 200
// {"status": SUCCESS|RETRY|DROP} — never a 404, which it would drop silently.
// What arrives on `<app id>.deadletter` is recorded in event_dead_letters,
// and `<exe> deadletters replay` runs the original handler on it once.
#include <boost/json/array.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "db/pool.h"
#include "net/router.h"
#include "runtime/clock.h"
#include "runtime/dapr/sidecar.h"
#include "runtime/event_bus.h"
#include "runtime/eventlog/event_log.h"
#include "runtime/eventlog/pg_notifier.h"
#include "runtime/stop_flag.h"

namespace todo::runtime::dapr {

struct PubsubNames {
  std::string competing = "pubsub";            // every service's own consumer group (the app id)
  std::string broadcast = "pubsub-broadcast";  // a consumer group per pod: every replica sees every event
};

class DaprEventBus final : public EventBus {
 public:
  DaprEventBus(std::string app_id, eventlog::EventLog& log, Sidecar& sidecar, db::Pool& pool, const Clock& clock,
               PubsubNames names = {});
  ~DaprEventBus() override;

  void publish(db::Transaction& tx, std::string_view topic, const core::Event& event) override;
  void publish(db::Transaction& tx, std::initializer_list<std::string_view> topics, const core::Event& event) override;
  void subscribe(Subscription subscription) override;

  // Relays this app's outbox rows of `topic` to the broker. Before start().
  void relay(std::string topic);
  // GET /dapr/subscribe (early) and the delivery routes (gated).
  void add_routes(net::ServiceRoutes& early, net::ServiceRoutes& gated);
  // The dead-letter replays (the event log itself is started by the host).
  void start();
  void stop();

  std::string dead_letter_topic() const { return app_id_ + ".deadletter"; }
  boost::json::array subscription_list() const;
  // A delivery's body (the CloudEvent as the broker holds it) to the handler.
  Delivery deliver(const Subscription& subscription, std::string_view body) const;
  // What arrived on the dead-letter topic, recorded for operators.
  Delivery record_dead_letter(std::string_view body) const;

 private:
  const std::string& pubsub_of(const Subscription& s) const;
  void replay_loop();
  void replay_marked();

  std::string app_id_;
  eventlog::EventLog& log_;
  Sidecar& sidecar_;
  db::Pool& pool_;
  const Clock& clock_;
  PubsubNames names_;
  std::vector<Subscription> subs_;

  std::unique_ptr<eventlog::PgNotifier> notifier_;
  StopFlag flag_;
  std::thread replayer_;
};

// Publishes one event through the sidecar: Success on 2xx, Retry otherwise
// (the sidecar or the broker is away, or refuses for now).
Delivery publish_through(Sidecar& sidecar, std::string_view pubsub, std::string_view topic, const core::Event& event);

}  // namespace todo::runtime::dapr
