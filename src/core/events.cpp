#include "core/events.h"

#include <boost/json.hpp>
#include <cmath>

#include "core/random.h"
#include "core/uuid.h"

namespace todo::core {
namespace json = boost::json;

namespace {

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string string_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// Boost.JSON reads a number too large for a double (1e400) as infinity, and
// 0e3083 as NaN; written again they become `Infinity` and `NaN`, which are
// not JSON. Such data cannot travel on (the outbox, an audit entry), so an
// event carrying it is not one of ours.
bool all_finite(const json::value& v) {
  switch (v.kind()) {
    case json::kind::double_:
      return std::isfinite(v.get_double());
    case json::kind::array:
      for (const auto& e : v.get_array())
        if (!all_finite(e)) return false;
      return true;
    case json::kind::object:
      for (const auto& kv : v.get_object())
        if (!all_finite(kv.value())) return false;
      return true;
    default:
      return true;
  }
}

}  // namespace

std::string trace_id_of(std::string_view tp) {
  // version(2)-trace(32)-span(16)-flags(2)
  if (tp.size() < 55 || tp[2] != '-' || tp[35] != '-' || tp[52] != '-') return {};
  const auto trace = tp.substr(3, 32);
  if (!is_hex(trace) || trace == std::string(32, '0')) return {};
  return std::string(trace);
}

std::string child_traceparent(std::string_view parent) {
  auto trace = trace_id_of(parent);
  if (trace.empty()) trace = random_hex(32);
  return "00-" + trace + "-" + random_hex(16) + "-01";
}

std::string Event::data_string(std::string_view key) const { return string_field(data, key); }

json::object Event::to_cloud_event() const {
  json::object ce;
  ce.reserve(10);
  ce["specversion"] = "1.0";
  ce["id"] = id;
  ce["source"] = source;
  ce["type"] = type;
  ce["subject"] = subject;
  ce["time"] = format_rfc3339(time);
  ce["datacontenttype"] = "application/json";
  ce["partitionkey"] = partition_key;
  ce["traceparent"] = traceparent;
  ce["data"] = data;
  return ce;
}

Event make_event(std::string_view type, std::string_view user_id, std::string_view subject, Instant now,
                 const EventOrigin& origin, json::object fields) {
  Event e;
  e.id = new_uuid();
  e.type = type;
  e.subject = subject;
  e.partition_key = user_id;
  e.time = now;
  e.source = origin.source;
  e.traceparent = child_traceparent(origin.traceparent);
  e.data.reserve(fields.size() + 6);
  e.data["event_id"] = e.id;
  e.data["event_type"] = type;
  e.data["schema_version"] = kSchemaVersion;
  e.data["user_id"] = user_id;
  e.data["occurred_at"] = format_rfc3339(now);
  e.data["correlation_id"] = origin.correlation_id;
  for (auto& [k, v] : fields)
    if (!e.data.contains(k)) e.data[k] = std::move(v);  // the common fields cannot be overridden
  return e;
}

std::optional<Event> parse_event(const json::object& ce) {
  Event e;
  e.id = string_field(ce, "id");
  e.type = string_field(ce, "type");
  const auto* data = ce.if_contains("data");
  if (e.id.empty() || e.type.empty() || !data || !data->is_object() || !all_finite(*data)) return std::nullopt;
  e.data = data->get_object();
  e.subject = string_field(ce, "subject");
  e.partition_key = string_field(ce, "partitionkey");
  e.source = string_field(ce, "source");
  e.traceparent = string_field(ce, "traceparent");
  e.time = parse_rfc3339(string_field(ce, "time")).value_or(Instant{});
  return e;
}

}  // namespace todo::core
