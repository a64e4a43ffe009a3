#include "core/waiter.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>

namespace todo::core {

namespace {
thread_local Waiter* t_waiter = nullptr;
}

Waiter* current_waiter() { return t_waiter; }
void set_current_waiter(Waiter* w) { t_waiter = w; }

bool wait_io(int fd, Io io, WaitDeadline deadline) {
  if (auto* w = current_waiter()) return w->wait_io(fd, io, deadline);
  pollfd pfd{fd, static_cast<short>(io == Io::Read ? POLLIN : POLLOUT), 0};
  for (;;) {
    int timeout_ms = -1;
    if (deadline != kNoDeadline) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      timeout_ms = static_cast<int>(std::min<long long>(left.count(), 1 << 30));
    }
    const int rc = ::poll(&pfd, 1, timeout_ms);
    if (rc > 0) return true;  // ready, or an error/hang-up the caller's next read reports
    if (rc == 0) return false;
    if (errno != EINTR) return true;  // let the caller's read report it
  }
}

}  // namespace todo::core
