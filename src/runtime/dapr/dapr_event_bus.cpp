#include "runtime/dapr/dapr_event_bus.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/uuid.h"
#include "obs/log.h"
#include "obs/metrics.h"
#include "runtime/eventlog/dead_letters.h"

namespace todo::runtime::dapr {
namespace json = boost::json;

namespace {

std::string_view status_of(Delivery d) {
  switch (d) {
    case Delivery::Success: return "SUCCESS";
    case Delivery::Retry: return "RETRY";
    case Delivery::Drop: return "DROP";
  }
  return "RETRY";
}

std::optional<core::Event> parse_delivery(std::string_view body, json::object* document = nullptr) {
  boost::system::error_code ec;
  auto doc = json::parse(body, ec);
  if (ec || !doc.is_object()) return std::nullopt;
  auto event = core::parse_event(doc.get_object());
  if (!event || !core::is_uuid(event->id)) return std::nullopt;
  if (document) *document = std::move(doc.get_object());
  return event;
}

obs::Counter& consumed(const std::string& subscriber, const std::string& topic, Delivery d) {
  static const char* names[] = {"success", "retry", "drop"};
  return obs::metrics().counter("events_consumed_total", "Event deliveries by outcome",
                                {{"subscriber", subscriber}, {"topic", topic}, {"outcome", names[static_cast<int>(d)]}});
}

}  // namespace

Delivery publish_through(Sidecar& sidecar, std::string_view pubsub, std::string_view topic, const core::Event& event) {
  const std::string target = "/v1.0/publish/" + url_escape(pubsub) + "/" + url_escape(topic) +
                             "?metadata.partitionKey=" + url_escape(event.partition_key);
  try {
    const auto res = sidecar.call("POST", target, json::serialize(event.to_cloud_event()), "application/cloudevents+json");
    if (res.status >= 200 && res.status < 300) {
      static auto& relayed = obs::metrics().counter("events_relayed_total", "Outbox rows published to the broker");
      relayed.inc();
      return Delivery::Success;
    }
    obs::warn("relay", "the sidecar refused a publication, retrying",
              {{"topic", topic}, {"event_id", event.id}, {"status", res.status}, {"body", res.body.substr(0, 300)}});
  } catch (const SidecarError& e) {
    obs::warn("relay", "publication failed, retrying", {{"topic", topic}, {"event_id", event.id}, {"error", e.what()}});
  }
  return Delivery::Retry;
}

DaprEventBus::DaprEventBus(std::string app_id, eventlog::EventLog& log, Sidecar& sidecar, db::Pool& pool,
                           const Clock& clock, PubsubNames names)
    : app_id_(std::move(app_id)), log_(log), sidecar_(sidecar), pool_(pool), clock_(clock), names_(std::move(names)) {}

DaprEventBus::~DaprEventBus() { stop(); }

void DaprEventBus::publish(db::Transaction& tx, std::string_view topic, const core::Event& event) {
  log_.write(tx, {topic}, event);
}

void DaprEventBus::publish(db::Transaction& tx, std::initializer_list<std::string_view> topics, const core::Event& event) {
  log_.write(tx, topics, event);
}

void DaprEventBus::subscribe(Subscription subscription) { subs_.push_back(std::move(subscription)); }

void DaprEventBus::relay(std::string topic) {
  Subscription s;
  s.topic = topic;
  s.subscriber = app_id_ + ".relay";
  s.handler = [this, topic](const core::Event& e) { return publish_through(sidecar_, names_.competing, topic, e); };
  log_.add_reader(std::move(s), app_id_, eventlog::relay_options(log_.options()));
}

const std::string& DaprEventBus::pubsub_of(const Subscription& s) const {
  return s.mode == Subscription::Mode::Broadcast ? names_.broadcast : names_.competing;
}

json::array DaprEventBus::subscription_list() const {
  json::array out;
  const std::string dlq = dead_letter_topic();
  std::vector<std::string> dlq_pubsubs;
  for (const auto& s : subs_) {
    out.push_back(json::object{{"pubsubname", pubsub_of(s)},
                               {"topic", s.topic},
                               {"routes", json::object{{"default", "/events/" + s.topic}}},
                               {"deadLetterTopic", dlq}});
    if (std::find(dlq_pubsubs.begin(), dlq_pubsubs.end(), pubsub_of(s)) == dlq_pubsubs.end())
      dlq_pubsubs.push_back(pubsub_of(s));
  }
  // The dead letters arrive through the component that dead-lettered them.
  for (const auto& p : dlq_pubsubs)
    out.push_back(json::object{{"pubsubname", p}, {"topic", dlq}, {"routes", json::object{{"default", "/events/" + dlq}}}});
  return out;
}

Delivery DaprEventBus::deliver(const Subscription& sub, std::string_view body) const {
  const auto event = parse_delivery(body);
  if (!event) {
    obs::error(app_id_, "a delivery is not a CloudEvent of this platform, dropping it", {{"topic", sub.topic}});
    consumed(app_id_, sub.topic, Delivery::Drop).inc();
    return Delivery::Drop;
  }
  obs::LogContext ctx(event->data_string("correlation_id"), core::trace_id_of(event->traceparent));
  Delivery outcome = Delivery::Retry;
  try {
    outcome = sub.handler(*event);
  } catch (...) {
    obs::warn(app_id_, "delivery failed",
              {{"topic", sub.topic}, {"event_id", event->id}, {"error", core::current_exception_message()}});
    outcome = Delivery::Retry;
  }
  consumed(app_id_, sub.topic, outcome).inc();
  if (outcome == Delivery::Success) {
    static auto& lag = obs::metrics().histogram("event_delivery_lag_seconds",
                                                "Time from commit of an event to its successful delivery",
                                                {{"subscriber", app_id_}, {"topic", "all"}});
    lag.observe(std::max(0.0, std::chrono::duration<double>(clock_.now() - event->time).count()));
  }
  return outcome;
}

Delivery DaprEventBus::record_dead_letter(std::string_view body) const {
  json::object doc;
  const auto event = parse_delivery(body, &doc);
  eventlog::NewDeadLetter letter;
  letter.subscriber = app_id_;
  const auto* topic = doc.if_contains("topic");  // the sidecar stamps the original topic
  letter.topic = topic && topic->is_string() ? std::string(topic->get_string()) : "unknown";
  letter.event_id = event ? event->id : core::new_uuid();
  letter.event_type = event ? event->type : "unparseable";
  letter.partition_key = event ? event->partition_key : "";
  letter.payload = std::string(body);
  letter.error = "dead-lettered by the sidecar after its delivery retries";
  letter.dead_at = clock_.now();
  try {
    auto conn = pool_.acquire();
    if (eventlog::DeadLetters(*conn).insert(letter)) {
      obs::metrics()
          .counter("events_dead_lettered_total", "Events moved to the dead letters",
                   {{"subscriber", app_id_}, {"topic", letter.topic}})
          .inc();
      obs::error(app_id_, "event dead-lettered",
                 {{"topic", letter.topic}, {"event_id", letter.event_id}, {"event_type", letter.event_type}});
    }
    return Delivery::Success;
  } catch (const std::exception& e) {
    obs::warn(app_id_, "could not record a dead letter, retrying", {{"error", e.what()}});
    return Delivery::Retry;
  }
}

void DaprEventBus::add_routes(net::ServiceRoutes& early, net::ServiceRoutes& gated) {
  early.get("/dapr/subscribe", [this](net::Request&) { return net::json_response(200, subscription_list()); },
            net::Execution::Inline);
  auto answer = [](Delivery d) { return net::json_response(200, json::object{{"status", status_of(d)}}); };
  for (const auto& s : subs_)
    gated.post("/events/" + s.topic, [this, answer, &s](net::Request& req) { return answer(deliver(s, req.body)); });
  gated.post("/events/" + dead_letter_topic(),
             [this, answer](net::Request& req) { return answer(record_dead_letter(req.body)); });
}

void DaprEventBus::start() {
  notifier_ = std::make_unique<eventlog::PgNotifier>(pool_.url(), [this](std::string_view what) {
    if (what == "replay" || what == "*") flag_.wake();
  });
  notifier_->start();
  replayer_ = std::thread([this] { replay_loop(); });
}

void DaprEventBus::stop() {
  if (!flag_.stop()) return;
  if (replayer_.joinable()) replayer_.join();
  if (notifier_) notifier_->stop();
}

void DaprEventBus::replay_loop() {
  // Once at start-up, then when the replay command's NOTIFY wakes us; the
  // poll covers a lost one.
  do {
    try {
      replay_marked();
    } catch (const std::exception& e) {
      obs::warn(app_id_, "dead letter replay paused", {{"error", e.what()}});
    }
  } while (flag_.wait_for(std::chrono::seconds(5)));
}

void DaprEventBus::replay_marked() {
  auto conn = pool_.acquire();
  eventlog::DeadLetters letters(*conn);
  for (const auto& sub : subs_) {
    for (const auto& letter : letters.marked_for_replay(app_id_, sub.topic)) {
      if (deliver(sub, letter.payload) == Delivery::Success) {
        letters.mark_replayed(letter.id, clock_.now());
        obs::info(app_id_, "dead letter replayed", {{"letter", letter.id}, {"topic", sub.topic}});
      } else {
        letters.mark_failed(letter.id, "the replay did not succeed");
      }
    }
  }
}

}  // namespace todo::runtime::dapr
