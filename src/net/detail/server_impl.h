#pragma once
// Internals shared by the two Beast translation units of the server
// (http_server.cpp and ws_session.cpp). Included nowhere else.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/handler_fibers.h"
#include "net/http_server.h"
#include "obs/metrics.h"

namespace todo::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A live connection the server must be able to wind down on stop().
class Tracked {
 public:
  virtual ~Tracked() = default;
  virtual void shutdown() = 0;
};

// A pool of handler threads with a bounded queue: `load` counts what waits
// for or runs on it, and past `limit` a request is refused at once.
struct HandlerPool {
  HandlerPool(std::string_view name, int thread_count, size_t queue_limit)
      : threads(static_cast<size_t>(std::max(1, thread_count))),
        limit(queue_limit),
        gauge(obs::metrics().gauge("http_handler_load", "Requests waiting for or running on a handler pool",
                                   {{"pool", std::string(name)}})) {}
  // Counts one request in; false (and nothing counted) when the pool is full.
  bool enter() {
    if (++load > limit) {
      --load;
      return false;
    }
    gauge.inc();
    return true;
  }
  void leave() {
    --load;
    gauge.dec();
  }

  asio::thread_pool threads;
  size_t limit;
  std::atomic<size_t> load{0};
  obs::Gauge& gauge;
};

struct HttpServer::Impl {
  Impl(ServerOptions o, const Dispatcher& d, WsEndpoint* w)
      : opts(std::move(o)),
        dispatcher(d),
        ws(w),
        loops(make_loops(opts.io_threads)),
        ioc(*loops.front()),
        workers("workers", opts.handler_fibers ? 1 : opts.workers, opts.worker_queue_limit),
        isolated("isolated", opts.isolated_workers, opts.isolated_queue_limit),
        operations("operations", 1, 32),
        acceptor(ioc) {
    if (opts.handler_fibers) fibers = std::make_unique<HandlerFibers>();
  }

  ServerOptions opts;
  const Dispatcher& dispatcher;
  WsEndpoint* ws;
  // One io_context per network thread (IO_THREADS): a connection, its
  // handler fibers and its WebSocket stay on the thread that accepted them
  // into its loop, and no network thread wakes another to run a completion.
  std::vector<std::unique_ptr<asio::io_context>> loops;
  asio::io_context& ioc;  // the first loop: the acceptor's
  std::atomic<size_t> next_loop{0};
  asio::io_context& loop_for_next_connection() { return *loops[next_loop++ % loops.size()]; }
  static std::vector<std::unique_ptr<asio::io_context>> make_loops(int n) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (int i = 0; i < std::max(1, n); ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }
  HandlerPool workers;     // Execution::Worker routes (their admission only, with fibers)
  std::unique_ptr<HandlerFibers> fibers;  // ServerOptions::handler_fibers
  HandlerPool isolated;    // Execution::Isolated routes
  HandlerPool operations;  // Execution::Operations routes
  HandlerPool& pool_for(Execution e) {
    return e == Execution::Isolated ? isolated : e == Execution::Operations ? operations : workers;
  }
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connections{0};

  std::mutex mu;
  uint64_t next_id = 1;
  std::unordered_map<uint64_t, std::weak_ptr<Tracked>> live;
  std::unordered_map<std::string, size_t> per_client;  // open connections by remote address

  // Counts a connection of `client`; false when it has too many already.
  bool admit(const std::string& client) {
    if (opts.trusted_proxies.contains(client)) return true;
    std::lock_guard lock(mu);
    auto& n = per_client[client];
    if (n >= opts.max_connections_per_client) {
      if (n == 0) per_client.erase(client);
      return false;
    }
    ++n;
    return true;
  }
  void release(const std::string& client) {
    if (opts.trusted_proxies.contains(client)) return;
    std::lock_guard lock(mu);
    auto it = per_client.find(client);
    if (it != per_client.end() && --it->second == 0) per_client.erase(it);
  }

  uint64_t track(const std::shared_ptr<Tracked>& t) {
    std::lock_guard lock(mu);
    const auto id = next_id++;
    live.emplace(id, t);
    return id;
  }
  void untrack(uint64_t id) {
    std::lock_guard lock(mu);
    live.erase(id);
  }
};

// Takes over an accepted upgrade request (ws_session.cpp).
void start_websocket(HttpServer::Impl& impl, beast::tcp_stream stream, http::request<http::string_body> req,
                     WsAccept accept);

}  // namespace todo::net
