#pragma once
// Everything between "a request arrived" and "a response is ready", without
// sockets: request id, trace context, routing (404/405), running the handler
// with the one error mapping, metrics and the access log. The Beast server
// calls it in two steps so a handler can run on the worker pool; the
// in-process Invoker and the tests call handle() directly.
#include <chrono>
#include <optional>
#include <string>

#include "net/http.h"
#include "net/router.h"

namespace todo::net {

class Dispatcher {
 public:
  explicit Dispatcher(const Router& router) : router_(router) {}

  struct Prepared {
    std::optional<Response> immediate;  // routing already decided the answer
    const Route* route = nullptr;
    Execution execution = Execution::Inline;
  };
  // Cheap; runs on the network thread.
  Prepared prepare(Request& req) const;
  // Runs the handler; never throws.
  Response run(const Route& route, Request& req) const;
  // Adds X-Request-Id, records metrics and writes the access log line.
  void finish(const Request& req, Response& res, std::chrono::steady_clock::duration elapsed) const;

  Response handle(Request& req) const;

 private:
  const Router& router_;
};

// Request ids: the client's X-Request-Id when it is 1-128 safe characters, else a new one.
std::string choose_request_id(std::string_view client_value);

}  // namespace todo::net
