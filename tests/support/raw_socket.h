#pragma once
// A plain TCP connection for tests that speak bytes rather than HTTP
// messages: protocol abuse, slow and endless clients, connection caps.
#include <chrono>
#include <cstdint>
#include <string>

namespace todo::test {

class RawSocket {
 public:
  // Connects at once (blocking); connected() tells whether it worked.
  explicit RawSocket(uint16_t port, const char* address = "127.0.0.1");
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool connected() const { return connected_; }
  // Timeouts of every later send and read.
  void set_timeouts(std::chrono::milliseconds timeout);
  // Bytes sent (-1 on error, e.g. once the server has closed); never SIGPIPE.
  long send(const std::string& bytes);
  // Up to `max` bytes, "" on close or timeout.
  std::string read_some(size_t max = 4096);
  // Reads (and drops) what arrives until the server closes the connection
  // (true) or nothing happens for `within` (false).
  bool closed_by_server(std::chrono::milliseconds within);

 private:
  int fd_;
  bool connected_ = false;
};

}  // namespace todo::test
