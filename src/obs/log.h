#pragma once
// Structured logs: one JSON line per record on stderr with ts, level,
// service, msg, request_id and trace_id (DESIGN §3.7), or a readable line
// when LOG_FORMAT=text. The request and trace ids come from a thread-local
// context that the HTTP dispatcher and event dispatchers set around each
// handler call, so business code never passes them around.
#include <boost/json/value.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace todo::obs {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };

// Returns false when the name is not one of debug, info, warn, error.
bool parse_level(std::string_view name, Level& out);
void configure_logging(Level min_level, bool json);
bool enabled(Level level);

// A key and a JSON value; std::string values are accepted directly.
struct Field {
  template <typename T>
    requires std::is_constructible_v<boost::json::value, T>
  Field(std::string_view k, T&& v) : key(k), value(std::forward<T>(v)) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, std::string& v) : key(k), value(std::string_view(v)) {}
  std::string_view key;
  boost::json::value value;
};
void log(Level level, std::string_view service, std::string_view msg, std::initializer_list<Field> fields = {});

inline void debug(std::string_view service, std::string_view msg, std::initializer_list<Field> f = {}) {
  if (enabled(Level::Debug)) log(Level::Debug, service, msg, f);
}
inline void info(std::string_view service, std::string_view msg, std::initializer_list<Field> f = {}) {
  log(Level::Info, service, msg, f);
}
inline void warn(std::string_view service, std::string_view msg, std::initializer_list<Field> f = {}) {
  log(Level::Warn, service, msg, f);
}
inline void error(std::string_view service, std::string_view msg, std::initializer_list<Field> f = {}) {
  log(Level::Error, service, msg, f);
}

// Sets request_id / trace_id for log records written on this thread while alive.
class LogContext {
 public:
  LogContext(std::string request_id, std::string trace_id);
  ~LogContext();
  LogContext(const LogContext&) = delete;
  LogContext& operator=(const LogContext&) = delete;
  static const std::string& request_id();
  static const std::string& trace_id();
  // Exchanges this thread's context with the given one: a fiber runner
  // carries a suspended request's context aside and back.
  static void swap(std::string& request_id, std::string& trace_id);

 private:
  std::string saved_request_id_;
  std::string saved_trace_id_;
};

}  // namespace todo::obs
