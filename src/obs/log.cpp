#include "obs/log.h"

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "core/time.h"

namespace todo::obs {
namespace json = boost::json;

namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::Info)};
std::atomic<bool> g_json{true};
std::mutex g_write_mu;

thread_local std::string t_request_id;
thread_local std::string t_trace_id;

std::string_view level_name(Level l) {
  switch (l) {
    case Level::Debug: return "debug";
    case Level::Warn: return "warn";
    case Level::Error: return "error";
    case Level::Info: break;
  }
  return "info";
}

}  // namespace

bool parse_level(std::string_view name, Level& out) {
  if (name == "debug") out = Level::Debug;
  else if (name == "info") out = Level::Info;
  else if (name == "warn" || name == "warning") out = Level::Warn;
  else if (name == "error") out = Level::Error;
  else return false;
  return true;
}

void configure_logging(Level min_level, bool as_json) {
  g_min_level = static_cast<int>(min_level);
  g_json = as_json;
}

bool enabled(Level level) { return static_cast<int>(level) >= g_min_level.load(std::memory_order_relaxed); }

void log(Level level, std::string_view service, std::string_view msg, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  std::string line;
  if (g_json) {
    json::object o;
    o["ts"] = core::format_rfc3339(now);
    o["level"] = level_name(level);
    o["service"] = service;
    o["msg"] = msg;
    o["request_id"] = t_request_id;
    o["trace_id"] = t_trace_id;
    for (const auto& f : fields) o[f.key] = f.value;
    line = json::serialize(o);
  } else {
    line = core::format_rfc3339(now) + " " + std::string(level_name(level)) + " [" + std::string(service) + "] " +
           std::string(msg);
    if (!t_request_id.empty()) line += " request_id=" + t_request_id;
    for (const auto& f : fields) line += " " + std::string(f.key) + "=" + json::serialize(f.value);
  }
  line += '\n';
  std::lock_guard lock(g_write_mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

LogContext::LogContext(std::string request_id, std::string trace_id)
    : saved_request_id_(std::move(t_request_id)), saved_trace_id_(std::move(t_trace_id)) {
  t_request_id = std::move(request_id);
  t_trace_id = std::move(trace_id);
}

LogContext::~LogContext() {
  t_request_id = std::move(saved_request_id_);
  t_trace_id = std::move(saved_trace_id_);
}

const std::string& LogContext::request_id() { return t_request_id; }
const std::string& LogContext::trace_id() { return t_trace_id; }

void LogContext::swap(std::string& request_id, std::string& trace_id) {
  t_request_id.swap(request_id);
  t_trace_id.swap(trace_id);
}

}  // namespace todo::obs
