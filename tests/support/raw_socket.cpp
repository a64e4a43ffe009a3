#include "raw_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace todo::test {

RawSocket::RawSocket(uint16_t port, const char* address) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  connected_ = ::inet_pton(AF_INET, address, &addr.sin_addr) == 1 &&
               ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
}

RawSocket::~RawSocket() { ::close(fd_); }

void RawSocket::set_timeouts(std::chrono::milliseconds timeout) {
  timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

long RawSocket::send(const std::string& bytes) { return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }

std::string RawSocket::read_some(size_t max) {
  std::string buf(max, '\0');
  const auto n = ::read(fd_, buf.data(), buf.size());
  buf.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return buf;
}

bool RawSocket::closed_by_server(std::chrono::milliseconds within) {
  set_timeouts(within);
  char buf[4096];
  for (;;) {
    const auto n = ::read(fd_, buf, sizeof buf);
    if (n == 0) return true;
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
  }
}

}  // namespace todo::test
