// The CloudEvents envelope of DESIGN §2.2 and the W3C traceparent helpers.
#include "core/events.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>

#include "core/uuid.h"

namespace todo::core {
namespace {

namespace json = boost::json;

Instant at(const char* text) {
  const auto t = parse_rfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Instant{});
}

const std::string kTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
const std::string kParent = "00-" + kTrace + "-00f067aa0ba902b7-01";

bool is_lower_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// "00-<32 hex>-<16 hex>-01"
void expect_traceparent_shape(const std::string& tp) {
  ASSERT_EQ(tp.size(), 55u) << tp;
  EXPECT_EQ(tp.substr(0, 3), "00-") << tp;
  EXPECT_EQ(tp[35], '-') << tp;
  EXPECT_EQ(tp[52], '-') << tp;
  EXPECT_EQ(tp.substr(53), "01") << tp;
  EXPECT_TRUE(is_lower_hex(tp.substr(3, 32))) << tp;
  EXPECT_TRUE(is_lower_hex(tp.substr(36, 16))) << tp;
  EXPECT_NE(tp.substr(3, 32), std::string(32, '0')) << tp;
  EXPECT_NE(tp.substr(36, 16), std::string(16, '0')) << tp;
}

Event sample_event() {
  return make_event(event_types::kTaskCompleted, "user-1", "task-9", at("2026-11-24T10:00:00.123Z"),
                    EventOrigin{"todo-api", "req-77", kParent},
                    json::object{{"task_id", "task-9"}, {"task", json::object{{"id", "task-9"}}}});
}

TEST(EventNames, TopicsAndTypesAreTheDesignNames) {
  EXPECT_EQ(topics::kTaskEvents, "task-events");
  EXPECT_EQ(topics::kTaskUpdates, "task-updates");
  EXPECT_EQ(topics::kReminders, "reminders");
  EXPECT_EQ(event_types::kTaskCreated, "task.created");
  EXPECT_EQ(event_types::kTaskUpdated, "task.updated");
  EXPECT_EQ(event_types::kTaskCompleted, "task.completed");
  EXPECT_EQ(event_types::kTaskReopened, "task.reopened");
  EXPECT_EQ(event_types::kTaskDeleted, "task.deleted");
  EXPECT_EQ(event_types::kReminderDue, "reminder.due");
  EXPECT_EQ(event_types::kNotificationCreated, "notification.created");
}

TEST(MakeEvent, EnvelopeFields) {
  const Event e = sample_event();
  EXPECT_TRUE(is_uuid(e.id)) << e.id;
  EXPECT_EQ(e.type, "task.completed");
  EXPECT_EQ(e.subject, "task-9");
  EXPECT_EQ(e.partition_key, "user-1");
  EXPECT_EQ(e.source, "todo-api");
  EXPECT_EQ(e.time, at("2026-11-24T10:00:00.123Z"));
}

TEST(MakeEvent, DataStartsWithTheCommonFields) {
  const Event e = sample_event();
  EXPECT_EQ(e.data.at("event_id"), e.id.c_str());
  EXPECT_EQ(e.data.at("event_type"), "task.completed");
  EXPECT_EQ(e.data.at("schema_version"), 1);
  EXPECT_EQ(e.data.at("user_id"), "user-1");
  EXPECT_EQ(e.data.at("occurred_at"), "2026-11-24T10:00:00.123Z");
  EXPECT_EQ(e.data.at("correlation_id"), "req-77");
  EXPECT_EQ(e.data.at("task_id"), "task-9");
  EXPECT_EQ(e.data.at("task"), (json::object{{"id", "task-9"}}));
  // The common fields come first, in the documented order.
  const char* expected[] = {"event_id", "event_type", "schema_version", "user_id", "occurred_at", "correlation_id",
                            "task_id", "task"};
  size_t i = 0;
  for (const auto& kv : e.data) {
    ASSERT_LT(i, std::size(expected));
    EXPECT_EQ(kv.key(), expected[i]) << i;
    ++i;
  }
  EXPECT_EQ(i, std::size(expected));
}

TEST(MakeEvent, IdsAreUniquePerEvent) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.insert(sample_event().id);
  EXPECT_EQ(ids.size(), 100u);
}

TEST(MakeEvent, TraceparentContinuesTheRequestTrace) {
  const Event e = sample_event();
  expect_traceparent_shape(e.traceparent);
  EXPECT_EQ(trace_id_of(e.traceparent), kTrace);
  EXPECT_NE(e.traceparent, kParent);  // a new span
}

TEST(MakeEvent, TraceparentIsGeneratedWithoutOne) {
  const Event e = make_event(event_types::kTaskCreated, "u", "t", at("2026-11-24T10:00:00Z"),
                             EventOrigin{"todo-api", "req", ""}, {});
  expect_traceparent_shape(e.traceparent);
  EXPECT_FALSE(trace_id_of(e.traceparent).empty());
}

TEST(CloudEvent, StructuredDocumentHasEveryAttribute) {
  const Event e = sample_event();
  const json::object ce = e.to_cloud_event();
  EXPECT_EQ(ce.at("specversion"), "1.0");
  EXPECT_EQ(ce.at("id"), e.id.c_str());
  EXPECT_EQ(ce.at("source"), "todo-api");
  EXPECT_EQ(ce.at("type"), "task.completed");
  EXPECT_EQ(ce.at("subject"), "task-9");
  EXPECT_EQ(ce.at("time"), "2026-11-24T10:00:00.123Z");
  EXPECT_EQ(ce.at("datacontenttype"), "application/json");
  EXPECT_EQ(ce.at("partitionkey"), "user-1");
  EXPECT_EQ(ce.at("traceparent"), e.traceparent.c_str());
  ASSERT_TRUE(ce.at("data").is_object());
  EXPECT_EQ(ce.at("data").as_object(), e.data);
  EXPECT_EQ(ce.size(), 10u);
}

TEST(CloudEvent, ParseIsTheInverseOfToCloudEvent) {
  const Event e = sample_event();
  // Through text, as a consumer receives it.
  const auto parsed = parse_event(json::parse(json::serialize(e.to_cloud_event())).as_object());
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->id, e.id);
  EXPECT_EQ(parsed->type, e.type);
  EXPECT_EQ(parsed->subject, e.subject);
  EXPECT_EQ(parsed->partition_key, e.partition_key);
  EXPECT_EQ(parsed->source, e.source);
  EXPECT_EQ(parsed->traceparent, e.traceparent);
  EXPECT_EQ(parsed->time, e.time);
  EXPECT_EQ(parsed->data, e.data);
}

TEST(CloudEvent, ParseIgnoresUnknownAttributes) {
  json::object ce = sample_event().to_cloud_event();
  ce["futureattribute"] = "x";
  ce["data"].as_object()["new_field"] = 1;
  const auto parsed = parse_event(ce);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->data.at("new_field"), 1);
}

TEST(CloudEvent, ParseRejectsDocumentsThatAreNotOurs) {
  const json::object good = sample_event().to_cloud_event();
  for (const char* field : {"id", "type", "data"}) {
    json::object ce = good;
    ce.erase(field);
    EXPECT_FALSE(parse_event(ce).has_value()) << "without " << field;
  }
  json::object empty_id = good;
  empty_id["id"] = "";
  EXPECT_FALSE(parse_event(empty_id).has_value());
  json::object numeric_type = good;
  numeric_type["type"] = 5;
  EXPECT_FALSE(parse_event(numeric_type).has_value());
  json::object string_data = good;
  string_data["data"] = "{\"a\":1}";  // data as a JSON string is not a structured event of ours
  EXPECT_FALSE(parse_event(string_data).has_value());
  EXPECT_FALSE(parse_event(json::object{}).has_value());
}

TEST(CloudEvent, ParseRejectsNumbersJsonCannotWriteBack) {
  // Boost.JSON reads these as NaN and infinity (found by fuzz_event).
  for (const char* number : {"0e3083", "1e400", "-1e400"}) {
    const auto doc = json::parse(std::string(R"({"id":"e1","type":"task.created","data":{"task":{"version":)") + number +
                                 "}}}");
    EXPECT_FALSE(parse_event(doc.as_object()).has_value()) << number;
  }
  const auto fine = json::parse(R"({"id":"e1","type":"task.created","data":{"v":[1.5, 1e300, -0.0]}})");
  EXPECT_TRUE(parse_event(fine.as_object()).has_value());
}

TEST(CloudEvent, MissingOptionalAttributesDefault) {
  const auto parsed = parse_event(json::object{{"id", "e1"}, {"type", "task.created"}, {"data", json::object{}}});
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->subject, "");
  EXPECT_EQ(parsed->partition_key, "");
  EXPECT_EQ(parsed->traceparent, "");
  EXPECT_EQ(parsed->time, Instant{});
}

TEST(Traceparent, TraceIdOfWellFormed) {
  EXPECT_EQ(trace_id_of(kParent), kTrace);
  EXPECT_EQ(trace_id_of("00-" + kTrace + "-00f067aa0ba902b7-00"), kTrace);  // not sampled
}

TEST(Traceparent, TraceIdOfMalformedIsEmpty) {
  EXPECT_EQ(trace_id_of(""), "");
  EXPECT_EQ(trace_id_of("garbage"), "");
  EXPECT_EQ(trace_id_of(kParent.substr(0, 54)), "");                               // too short
  EXPECT_EQ(trace_id_of("00-" + std::string(32, '0') + "-00f067aa0ba902b7-01"), "");  // all-zero trace id
  EXPECT_EQ(trace_id_of("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"), "");  // upper case
  EXPECT_EQ(trace_id_of("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01"), "");  // not hex
  EXPECT_EQ(trace_id_of("00_" + kTrace + "-00f067aa0ba902b7-01"), "");
  EXPECT_EQ(trace_id_of("00-" + kTrace + "_00f067aa0ba902b7-01"), "");
  EXPECT_EQ(trace_id_of("00-" + kTrace + "-00f067aa0ba902b7_01"), "");
}

TEST(Traceparent, ChildKeepsTraceAndMakesANewSpan) {
  const std::string child = child_traceparent(kParent);
  expect_traceparent_shape(child);
  EXPECT_EQ(trace_id_of(child), kTrace);
  EXPECT_NE(child.substr(36, 16), "00f067aa0ba902b7");
  // Each child gets its own span id.
  std::set<std::string> spans;
  for (int i = 0; i < 50; ++i) spans.insert(child_traceparent(kParent).substr(36, 16));
  EXPECT_EQ(spans.size(), 50u);
}

TEST(Traceparent, MalformedParentStartsANewTrace) {
  for (const std::string& parent : {std::string(""), std::string("nonsense"), "00-" + std::string(32, '0') + "-00f067aa0ba902b7-01"}) {
    const std::string child = child_traceparent(parent);
    expect_traceparent_shape(child);
    EXPECT_NE(trace_id_of(child), "");
  }
  // New traces are random.
  EXPECT_NE(trace_id_of(child_traceparent("")), trace_id_of(child_traceparent("")));
}

}  // namespace
}  // namespace todo::core
