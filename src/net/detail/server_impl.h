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
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/http_server.h"

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

struct HttpServer::Impl {
  Impl(ServerOptions o, const Dispatcher& d, WsEndpoint* w)
      : opts(std::move(o)), dispatcher(d), ws(w), workers(static_cast<size_t>(opts.workers)), acceptor(ioc) {}

  ServerOptions opts;
  const Dispatcher& dispatcher;
  WsEndpoint* ws;
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connections{0};

  std::mutex mu;
  uint64_t next_id = 1;
  std::unordered_map<uint64_t, std::weak_ptr<Tracked>> live;

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
