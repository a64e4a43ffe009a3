#pragma once
// Subscriptions by payload type: typed<core::ReminderDue>(app, fn) gives an
// EventHandler that
// - answers Success for event types the payload does not cover (a topic
//   carries several types; schema evolution adds more), without calling fn;
// - answers Drop for a covered type whose payload does not parse: no retry
//   can fix it, so it goes to the dead letters (logged, counted);
// - otherwise runs fn(payload, event).
#include <functional>
#include <string>
#include <string_view>

#include "core/events.h"
#include "obs/log.h"
#include "obs/metrics.h"
#include "runtime/event_bus.h"

namespace todo::runtime {

template <class Payload>
EventHandler typed(std::string_view consumer, std::function<Delivery(const Payload&, const core::Event&)> fn) {
  return [consumer = std::string(consumer), fn = std::move(fn)](const core::Event& event) {
    if (!Payload::accepts(event.type)) return Delivery::Success;
    const auto payload = Payload::parse(event);
    if (!payload) {
      obs::error(consumer, "event payload does not parse, dropping it",
                 {{"event_id", event.id}, {"event_type", event.type}});
      obs::metrics()
          .counter("events_unparseable_total", "Events dropped because their payload did not parse",
                   {{"consumer", consumer}})
          .inc();
      return Delivery::Drop;
    }
    return fn(*payload, event);
  };
}

}  // namespace todo::runtime
