#pragma once
// What a WebSocket service sees of a live connection, without Beast. The
// server (net/ws_session.cpp) implements WsConnection; a service implements
// WsEndpoint to decide on upgrades and to learn about opened and closed
// connections.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "net/http.h"

namespace todo::net {

namespace ws_close {
inline constexpr uint16_t kGoingAway = 1001;   // server shutdown
inline constexpr uint16_t kPolicyViolation = 1008;  // the token expired
inline constexpr uint16_t kTryAgainLater = 1013;  // send queue overflow
}  // namespace ws_close

class WsConnection {
 public:
  virtual ~WsConnection() = default;
  virtual const std::string& user_id() const = 0;
  // Thread-safe and non-blocking. Frames are sent in call order; when the
  // bounded send queue overflows the connection is closed with 1013.
  virtual void send(std::shared_ptr<const std::string> text) = 0;
  virtual void close(uint16_t code, std::string_view reason) = 0;
};

struct WsAccept {
  std::string user_id;
  std::string protocol;  // subprotocol to echo ("bearer") or empty
  // When the credentials run out: the server closes the connection then
  // (1008), so a revoked or expired token does not keep a feed open.
  std::optional<std::chrono::system_clock::time_point> expires_at;
};

class WsEndpoint {
 public:
  virtual ~WsEndpoint() = default;
  virtual std::string_view path() const = 0;
  // Runs before the upgrade on the network thread; must not block. Return a
  // Response (e.g. 401) to refuse.
  virtual std::variant<WsAccept, Response> authorize(const Request& req) = 0;
  virtual void on_open(const std::shared_ptr<WsConnection>& conn) = 0;
  virtual void on_close(WsConnection& conn) = 0;
};

struct WsOptions {
  std::chrono::milliseconds ping_interval{30000};  // idle time before a ping; no pong within 2x closes
  size_t send_queue_limit = 256;                    // frames
  size_t max_incoming_message = 4096;
  int socket_send_buffer = 0;  // SO_SNDBUF for upgraded sockets; 0 keeps the kernel's autotuning
};

}  // namespace todo::net
