#pragma once
// HTTP/1.1 + WebSocket server on Boost.Beast. Keep-alive, 64 KiB body limit
// (413), header limit (431), read timeouts against slow clients, handlers
// on fibers of the network threads or on a bounded worker pool, one event
// loop per network thread, graceful drain on stop(). Beast is confined to
// the .cpp files of this server.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "net/address_set.h"
#include "net/dispatcher.h"
#include "net/websocket.h"

namespace todo::net {

struct ServerOptions {
  std::string address = "0.0.0.0";
  uint16_t port = 8080;
  int io_threads = 1;  // network threads, each running a loop (io_context) of its own
  int workers = 8;  // handler threads; match the database pool size
  // Execution::Worker handlers run on fibers of the network threads
  // (net/handler_fibers) instead of the worker threads; worker_queue_limit
  // then bounds the fibers. Only when every wait of those handlers goes
  // through core::Waiter (the embedded runtime).
  bool handler_fibers = false;
  // Requests waiting for or running on the workers; past it, 503 with
  // Retry-After at once (the queue never grows without bound).
  size_t worker_queue_limit = 1024;
  int isolated_workers = 2;           // threads for Execution::Isolated routes
  size_t isolated_queue_limit = 64;   // their queue, like worker_queue_limit
  // Open connections per remote address; more are closed at once. Trusted
  // proxies (the edge, a sidecar) carry many clients and are not capped.
  size_t max_connections_per_client = 256;
  AddressSet trusted_proxies;
  size_t body_limit = 64 * 1024;
  size_t header_limit = 16 * 1024;
  std::chrono::milliseconds read_timeout{10000};  // a request must arrive whole within this
  std::chrono::milliseconds idle_timeout{60000};  // keep-alive connection without a request
  WsOptions ws;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, const Dispatcher& dispatcher, WsEndpoint* ws = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the network and worker threads. Throws std::system_error.
  void start();
  uint16_t port() const;
  // Stops accepting, lets in-flight requests finish (up to `grace`), closes
  // idle keep-alive connections and WebSockets (1001), then joins the threads.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  size_t open_connections() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace todo::net
