#pragma once
// Header-only helpers of the suites that observe events through the public
// API, as clients do: the audit log (one entry per event of task-events)
// and the WebSocket feed (one frame per event of task-updates), plus the
// platform's own "everything consumed" gauge. (Header-only: the support
// library's sources are listed one by one in tests/CMakeLists.txt.)
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "api_fixture.h"

namespace todo::test {

// The user's audit entries, newest first, following every cursor. `query`
// is added to the URL as is ("&event_type=task.updated").
inline std::vector<boost::json::object> audit_entries(HttpClient& c, const Account& a, const std::string& query = "") {
  std::vector<boost::json::object> out;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    std::string url = "/api/" + a.id + "/audit?limit=200" + query;
    if (!cursor.empty()) url += "&cursor=" + cursor;
    const auto r = c.get(url);
    EXPECT_EQ(r.status, 200) << url << ": " << r.body;
    if (r.status != 200) break;
    const auto body = r.json().as_object();
    for (const auto& item : body.at("items").as_array()) out.push_back(item.as_object());
    if (body.at("next_cursor").is_null()) break;
    cursor = std::string(body.at("next_cursor").as_string());
  }
  return out;
}

// The event types of the user's audit entries, oldest first.
inline std::vector<std::string> audited_types(HttpClient& c, const Account& a, const std::string& query = "") {
  std::vector<std::string> out;
  for (const auto& e : audit_entries(c, a, query)) out.insert(out.begin(), std::string(e.at("event_type").as_string()));
  return out;
}

// Waits until every subscriber of the platform has handled everything
// published so far (its gauge of unconsumed events on /metrics).
inline bool settled(uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  HttpClient ops(port);
  return wait_until([&] { return metric(ops, "event_log_backlog") == 0; }, timeout);
}

// The next frame that is not the hello, parsed; empty when none arrives in time.
inline boost::json::object next_event_frame(WsClient& ws, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  for (;;) {
    const auto f = ws.next_frame(timeout);
    if (!f) return {};
    auto o = boost::json::parse(*f).as_object();
    if (o.at("type") != "hello") return o;
  }
}

// The next `n` frames that are not the hello (fewer if they do not come).
inline std::vector<boost::json::object> next_event_frames(WsClient& ws, size_t n,
                                                         std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  std::vector<boost::json::object> out;
  while (out.size() < n) {
    auto f = next_event_frame(ws, timeout);
    if (f.empty()) break;
    out.push_back(std::move(f));
  }
  return out;
}

inline std::vector<std::string> types_of(const std::vector<boost::json::object>& frames) {
  std::vector<std::string> out;
  for (const auto& f : frames) out.emplace_back(f.at("type").as_string());
  return out;
}

}  // namespace todo::test
