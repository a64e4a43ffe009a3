#pragma once
// Blocking HTTP/1.1 and WebSocket clients over real sockets, for the
// integration suites. Beast stays inside http_client.cpp.
#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace todo::test {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
  int status = 0;
  HeaderList headers;
  std::string body;
  std::string header(std::string_view name) const;  // case-insensitive, "" if absent
  boost::json::value json() const;                  // throws when the body is not JSON
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::string host = "127.0.0.1");
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  void set_token(std::string token) { token_ = std::move(token); }

  // Sends with Content-Type: application/json when a body is given (unless
  // the headers set one) and the bearer token when one is set.
  HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                     const HeaderList& headers = {});
  HttpResult get(const std::string& target, const HeaderList& h = {}) { return request("GET", target, "", h); }
  HttpResult post(const std::string& target, const boost::json::value& body, const HeaderList& h = {});
  HttpResult patch(const std::string& target, const boost::json::value& body, const HeaderList& h = {});
  HttpResult put(const std::string& target, const boost::json::value& body, const HeaderList& h = {});
  HttpResult del(const std::string& target, const HeaderList& h = {}) { return request("DELETE", target, "", h); }

  // Writes raw bytes on a fresh connection and reads one response (or what
  // arrives before the server closes). Status 0 when nothing parseable came.
  HttpResult raw(const std::string& bytes, std::chrono::milliseconds timeout = std::chrono::seconds(15));

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::string token_;
};

class WsClient {
 public:
  // Upgrades `target` (e.g. "/ws?token=..."). `protocol` sets
  // Sec-WebSocket-Protocol. Throws with the HTTP status on refusal.
  // `receive_buffer` > 0 shrinks the socket's receive buffer (a slow reader).
  WsClient(uint16_t port, const std::string& target, const std::string& protocol = "", int receive_buffer = 0);
  ~WsClient();

  // Frames are read on a background thread once reading starts (the
  // default). A client that never reads never answers pings and never drains
  // its socket: that is how tests play a dead or slow client.
  void start_reading();
  std::optional<std::string> next_frame(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Waits until the server closed the connection; the close code, 0 for a
  // close without code/abrupt end, nullopt if still open at the deadline.
  std::optional<int> wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::string accepted_protocol() const { return accepted_protocol_; }
  size_t frames_received() const;

  struct Impl;

 private:
  void reader();
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> frames_;
  size_t received_ = 0;
  bool ended_ = false;
  int close_code_ = 0;
  std::string accepted_protocol_;
};

// The status of a refused WebSocket upgrade (e.g. 401), or 101 when accepted.
int websocket_upgrade_status(uint16_t port, const std::string& target, const std::string& protocol = "");

}  // namespace todo::test
