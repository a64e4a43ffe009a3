#pragma once
// The EventBus port (DESIGN §1, §2.3). Publishing is transactional: the event
// is written in the caller's database transaction (the outbox) and exists if
// and only if that transaction commits. Subscribers answer each delivery with
// Dapr's three outcomes. The host starts and stops the adapter behind it.
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/events.h"
#include "db/transaction.h"

namespace todo::runtime {

enum class Delivery {
  Success,  // done; never delivered again (except as a duplicate after a crash)
  Retry,    // failed; delivered again after a backoff, dead-lettered after the attempt bound
  Drop,     // cannot ever succeed; goes straight to the dead letters
};

using EventHandler = std::function<Delivery(const core::Event&)>;

struct Subscription {
  std::string topic;
  std::string subscriber;  // app id; one durable position per (subscriber, topic)
  EventHandler handler;
  // Competing: one position shared by every process of the app (one of them
  // delivers). Broadcast: every process gets every event from the moment it
  // starts (e.g. each websocket-service replica).
  enum class Mode { Competing, Broadcast } mode = Mode::Competing;
};

class EventBus {
 public:
  virtual ~EventBus() = default;
  virtual void publish(db::Transaction& tx, std::string_view topic, const core::Event& event) = 0;
  // The same event on several topics; adapters may write it in one statement.
  virtual void publish(db::Transaction& tx, std::initializer_list<std::string_view> topics, const core::Event& event) {
    for (const auto topic : topics) publish(tx, topic, event);
  }
  // Register before the host starts the runtime.
  virtual void subscribe(Subscription subscription) = 0;
};

}  // namespace todo::runtime
