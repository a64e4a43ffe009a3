#pragma once
// How a blocking call waits. Code that must wait for a socket or for another
// thread (a database round trip, a free pool connection) asks
// current_waiter(): on an ordinary thread there is none and it blocks the
// thread; a handler running on a fiber of the network loop
// (net/handler_fibers) has one that suspends the fiber, so the thread goes
// on serving other connections while the database works.
//
// A fiber resumes on the thread it started on (each network thread runs a
// loop of its own), but other fibers run on that thread while it waits:
// thread-local state must not be relied on across a wait (the fiber runner
// carries the log context across itself).
#include <chrono>
#include <memory>

namespace todo::core {

using WaitDeadline = std::chrono::steady_clock::time_point;
inline constexpr WaitDeadline kNoDeadline = WaitDeadline::max();

enum class Io { Read, Write };

// One wake-up another thread can give: wake() is thread-safe, and a wake
// that comes before the waiter parks is not lost.
class Wakeup {
 public:
  virtual ~Wakeup() = default;
  virtual void wake() = 0;
};

class Waiter {
 public:
  virtual ~Waiter() = default;
  // Until `fd` is ready for `io`; false when `deadline` came first.
  virtual bool wait_io(int fd, Io io, WaitDeadline deadline) = 0;
  // A wake-up for park(): hand it to whoever will wake this waiter.
  virtual std::shared_ptr<Wakeup> make_wakeup() = 0;
  // Until `w` is woken; false when `deadline` came first.
  virtual bool park(Wakeup& w, WaitDeadline deadline) = 0;
};

// The waiter of the running fiber, or null on an ordinary thread.
Waiter* current_waiter();
// Installs `w` for this thread (the fiber runner, on every switch).
void set_current_waiter(Waiter* w);

// Waits for `fd` through the current waiter, or with poll() when there is none.
bool wait_io(int fd, Io io, WaitDeadline deadline = kNoDeadline);

}  // namespace todo::core
