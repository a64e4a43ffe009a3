#pragma once
// Handlers on fibers of the network loop (HANDLER_FIBERS, the embedded
// runtime's default). A handler stays a plain function that blocks on the
// database; on a fiber, each of its waits (a round trip, a free pool
// connection: core::Waiter) suspends the fiber and the network thread goes
// on serving other connections. A request never changes threads and never
// sleeps a thread per round trip: the hand-off to a worker thread and back,
// and the wake-up of a thread blocked in poll(), were most of the server's
// CPU under load (docs/performance.md).
//
// Only for handlers whose waits all go through core::Waiter: beside a Dapr
// sidecar, handlers call it with a blocking HTTP client, so that runtime
// keeps the worker pool.
#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <functional>
#include <memory>

#include "net/http.h"

namespace todo::net {

class HandlerFibers {
 public:
  HandlerFibers();
  ~HandlerFibers();  // a fiber still suspended then is left alone, never unwound
  HandlerFibers(const HandlerFibers&) = delete;
  HandlerFibers& operator=(const HandlerFibers&) = delete;

  // Runs `fn` on a new fiber, at once on the calling thread, which must be
  // running `ex` (a connection's strand): the fiber resumes through `ex`
  // after each wait. `done` receives the response, posted to `ex`.
  void start(boost::asio::any_io_executor ex, std::function<Response()> fn, std::function<void(Response)> done);

  // Fibers started and not finished.
  size_t live() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace todo::net
