// The HTTP side of the server: accept loop, one coroutine per connection,
// request limits and timeouts, handlers on the worker pool or on fibers.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <optional>
#include <thread>

#include "net/detail/server_impl.h"
#include "net/error_mapping.h"
#include "net/request_conversion.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace todo::net {
namespace {

using asio::use_awaitable;
constexpr auto tuple_awaitable = asio::as_tuple(use_awaitable);

class HttpConn : public Tracked, public std::enable_shared_from_this<HttpConn> {
 public:
  HttpConn(HttpServer::Impl& owner, tcp::socket socket) : impl(owner), stream(std::move(socket)) {
    beast::error_code ec;
    const auto ep = stream.socket().remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string();
  }

  // Runs on the connection's strand: an idle keep-alive connection is closed
  // at once, a busy one finishes its request and then closes.
  void shutdown() override {
    asio::post(stream.get_executor(), [self = shared_from_this()] {
      if (self->busy) return;
      beast::error_code ec;
      self->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
      self->stream.socket().close(ec);
    });
  }

  HttpServer::Impl& impl;
  beast::tcp_stream stream;
  std::string remote;
  bool busy = false;  // touched only on the strand
};


// Runs the handler on `pool` (entered already) and resumes the connection
// coroutine on its own strand with the response.
asio::awaitable<Response> run_on(HandlerPool& pool, HttpServer::Impl& impl, const Route& route, Request& req) {
  return asio::async_initiate<decltype(use_awaitable), void(Response)>(
      [&pool, &impl, &route, &req](auto handler) {
        asio::post(pool.threads, [&pool, &impl, &route, &req, handler = std::move(handler)]() mutable {
          Response res = impl.dispatcher.run(route, req);
          pool.leave();
          auto ex = asio::get_associated_executor(handler);
          asio::dispatch(ex, [handler = std::move(handler), res = std::move(res)]() mutable {
            std::move(handler)(std::move(res));
          });
        });
      },
      use_awaitable);
}

// Runs the handler on a fiber of this connection's strand (entered in
// `pool` already) and resumes the connection coroutine with the response.
asio::awaitable<Response> run_on_fiber(HandlerPool& pool, HttpServer::Impl& impl, asio::any_io_executor ex,
                                       const Route& route, Request& req) {
  return asio::async_initiate<decltype(use_awaitable), void(Response)>(
      [&pool, &impl, ex, &route, &req](auto handler) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        impl.fibers->start(ex, [&impl, &route, &req] { return impl.dispatcher.run(route, req); },
                           [&pool, h](Response res) {
                             pool.leave();
                             std::move (*h)(std::move(res));
                           });
      },
      use_awaitable);
}

template <typename Message>
void copy_headers(const Response& res, Message& out) {
  for (const auto& [k, v] : res.headers) out.set(k, v);
  if (!res.content_type.empty()) out.set(http::field::content_type, res.content_type);
}

// Sends a prepared message: only its header for HEAD.
template <typename Body>
asio::awaitable<bool> send_message(beast::tcp_stream& stream, http::response<Body>& out, bool head) {
  if (head) {
    http::response_serializer<Body> sr{out};
    auto [ec, n] = co_await http::async_write_header(stream, sr, tuple_awaitable);
    co_return !ec;
  }
  auto [ec, n] = co_await http::async_write(stream, out, tuple_awaitable);
  co_return !ec;
}

template <typename Body>
http::response<Body> message_of(const Response& res, unsigned version, bool keep_alive, typename Body::value_type body) {
  http::response<Body> out{static_cast<http::status>(res.status), version};
  copy_headers(res, out);
  out.body() = std::move(body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

asio::awaitable<bool> write_response(beast::tcp_stream& stream, Response res, unsigned version, bool keep_alive,
                                     bool head, std::chrono::milliseconds timeout) {
  stream.expires_after(timeout);
  if (!res.file_path.empty()) {
    http::file_body::value_type file;
    beast::error_code ec;
    file.open(res.file_path.c_str(), beast::file_mode::scan, ec);
    if (!ec) {
      auto out = message_of<http::file_body>(res, version, keep_alive, std::move(file));
      co_return co_await send_message(stream, out, head);
    }
    res = error_response(core::ApiError(core::ErrorCode::NotFound, "no such file"), std::string(res.header("X-Request-Id")));
  }
  auto out = message_of<http::string_body>(res, version, keep_alive, std::move(res.body));
  co_return co_await send_message(stream, out, head);
}

void close_gracefully(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

// How long a response may take to leave; a client that stops reading is cut off.
constexpr std::chrono::milliseconds kWriteTimeout{30000};

// "64 KiB" for 65536: the body limit as the error message names it.
std::string size_text(size_t bytes) {
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

// What reading a request came to.
struct ReadOutcome {
  std::optional<http::request<http::string_body>> request;  // a whole request
  std::optional<Response> refusal;  // answer this, then close (too large, malformed)
  unsigned version = 11;
};

// Reads one request: from its first byte it must arrive whole within
// read_timeout, its headers within header_limit and its body within
// body_limit, whatever the framing (Content-Length, chunks, extensions,
// trailers). An empty outcome means the client went away or timed out.
asio::awaitable<ReadOutcome> read_request(HttpConn& conn, beast::flat_buffer& buffer) {
  auto& stream = conn.stream;
  const auto& opts = conn.impl.opts;
  ReadOutcome out;
  const auto too_large = [&] {
    return protocol_error(core::ErrorCode::PayloadTooLarge, "request body is larger than " + size_text(opts.body_limit));
  };
  stream.expires_after(opts.read_timeout);
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(opts.header_limit));
  parser.body_limit(opts.body_limit);
  {
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, tuple_awaitable);
    if (ec == http::error::body_limit) {  // Content-Length alone says it is too big
      out.refusal = too_large();
      co_return out;
    }
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      out.refusal = protocol_error(core::ErrorCode::HeadersTooLarge, "request headers are too large");
      co_return out;
    }
    if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset)
      co_return out;
    if (ec) {
      out.refusal = protocol_error(core::ErrorCode::BadRequest, "malformed HTTP request");
      co_return out;
    }
  }
  out.version = parser.get().version();
  if (parser.content_length() && *parser.content_length() > opts.body_limit) {
    out.refusal = too_large();
    co_return out;
  }
  if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
    http::response<http::empty_body> cont{http::status::continue_, out.version};
    auto [ec, n] = co_await http::async_write(stream, cont, tuple_awaitable);
    if (ec) co_return out;
  }
  if (!parser.is_done()) {
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, tuple_awaitable);
    // A chunked body past the limit, or framing (a chunk size, extension or
    // trailer line without end) that would outgrow the bounded buffer.
    if (ec == http::error::body_limit || ec == http::error::buffer_overflow) {
      out.refusal = too_large();
      co_return out;
    }
    if (ec) co_return out;  // timeout or the client went away mid-body
  }
  out.request = parser.release();
  co_return out;
}

// A WebSocket upgrade of the endpoint's path: decided before the upgrade
// (401 in the error contract when refused). True when the connection was
// handed over or answered.
asio::awaitable<bool> try_upgrade(HttpConn& conn, http::request<http::string_body>& beast_req, unsigned version) {
  auto& impl = conn.impl;
  Request req;
  if (!to_request(beast_req, conn.remote, req) || req.path != impl.ws->path()) co_return false;
  const auto start = std::chrono::steady_clock::now();
  req.request_id = choose_request_id(req.header("x-request-id"));
  req.route = req.path;
  auto decision = impl.ws->authorize(req);
  if (auto* accept = std::get_if<WsAccept>(&decision)) {
    Response upgraded;
    upgraded.status = 101;
    impl.dispatcher.finish(req, upgraded, std::chrono::steady_clock::now() - start);
    start_websocket(impl, std::move(conn.stream), std::move(beast_req), std::move(*accept));
    co_return true;
  }
  auto& refused = std::get<Response>(decision);
  impl.dispatcher.finish(req, refused, std::chrono::steady_clock::now() - start);
  co_await write_response(conn.stream, std::move(refused), version, false, false, kWriteTimeout);
  close_gracefully(conn.stream);
  co_return true;
}

// Routes and runs the handler (inline or on the worker pool).
asio::awaitable<Response> respond(HttpConn& conn, http::request<http::string_body>& beast_req) {
  auto& impl = conn.impl;
  Request req;
  if (!to_request(beast_req, conn.remote, req))
    co_return protocol_error(core::ErrorCode::BadRequest, "request target is not a valid URL");
  const auto start = std::chrono::steady_clock::now();
  auto prepared = impl.dispatcher.prepare(req);
  Response res;
  if (prepared.immediate) {
    res = std::move(*prepared.immediate);
  } else if (prepared.execution == Execution::Inline) {
    res = impl.dispatcher.run(*prepared.route, req);
  } else {
    auto& pool = impl.pool_for(prepared.execution);
    if (!pool.enter()) {
      res = error_response(core::ApiError(core::ErrorCode::Unavailable, "the server is busy, retry shortly")
                               .with_retry_after(1),
                           req.request_id);
    } else if (prepared.execution == Execution::Worker && impl.fibers) {
      res = co_await run_on_fiber(pool, impl, conn.stream.get_executor(), *prepared.route, req);
    } else {
      res = co_await run_on(pool, impl, *prepared.route, req);
    }
  }
  impl.dispatcher.finish(req, res, std::chrono::steady_clock::now() - start);
  co_return res;
}

// One connection: requests in turn until the client or the server ends it.
asio::awaitable<void> serve(std::shared_ptr<HttpConn> conn) {
  auto& impl = conn->impl;
  auto& stream = conn->stream;
  // Bounded: a request's header, body and framing overhead can never make
  // the buffer grow past this, however the client frames it.
  beast::flat_buffer buffer(impl.opts.header_limit + impl.opts.body_limit + 16 * 1024);
  for (;;) {
    conn->busy = false;
    if (impl.stopping) co_return;
    if (buffer.size() == 0) {
      // Idle keep-alive: wait for the first byte of the next request.
      stream.expires_after(impl.opts.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), tuple_awaitable);
      if (ec) co_return;
      buffer.commit(n);
    }
    conn->busy = true;
    auto read = co_await read_request(*conn, buffer);
    if (read.refusal) {
      co_await write_response(stream, std::move(*read.refusal), read.version, false, false, kWriteTimeout);
      co_return close_gracefully(stream);
    }
    if (!read.request) co_return;
    stream.expires_never();  // handlers are bounded by the database statement timeout
    auto& beast_req = *read.request;
    if (impl.ws && beast::websocket::is_upgrade(beast_req) && co_await try_upgrade(*conn, beast_req, read.version))
      co_return;
    const bool head = beast_req.method() == http::verb::head;
    const bool keep_alive_requested = beast_req.keep_alive();
    auto res = co_await respond(*conn, beast_req);
    const bool keep_alive = keep_alive_requested && !impl.stopping && !core::iequals(res.header("Connection"), "close");
    if (!co_await write_response(stream, std::move(res), read.version, keep_alive, head, kWriteTimeout)) co_return;
    if (!keep_alive) co_return close_gracefully(stream);
  }
}

asio::awaitable<void> accept_loop(HttpServer::Impl& impl) {
  for (;;) {
    auto [ec, socket] = co_await impl.acceptor.async_accept(asio::make_strand(impl.loop_for_next_connection()),
                                                          tuple_awaitable);
    if (impl.stopping || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of file descriptors and the like: back off instead of spinning.
      obs::warn("http", "accept failed", {{"error", ec.message()}});
      asio::steady_timer t(impl.ioc, std::chrono::milliseconds(50));
      co_await t.async_wait(tuple_awaitable);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto conn = std::make_shared<HttpConn>(impl, std::move(socket));
    if (!impl.admit(conn->remote)) {
      // One client may not hold every connection (and file descriptor).
      static auto& refused = obs::metrics().counter("http_connections_refused_total",
                                                    "Connections closed at once: too many from one client");
      refused.inc();
      conn->stream.socket().close(ignored);
      continue;
    }
    static auto& open = obs::metrics().gauge("http_connections_open", "Open connections, WebSocket ones included");
    const auto id = impl.track(conn);
    ++impl.connections;
    open.inc();
    asio::co_spawn(conn->stream.get_executor(), serve(conn), [&impl, id, remote = conn->remote](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          obs::error("http", "connection failed", {{"error", ex.what()}});
        } catch (...) {
        }
      }
      impl.untrack(id);
      impl.release(remote);
      --impl.connections;
      open.dec();
    });
  }
}

}  // namespace

HttpServer::HttpServer(ServerOptions options, const Dispatcher& dispatcher, WsEndpoint* ws)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher, ws)) {}

HttpServer::~HttpServer() { stop(std::chrono::milliseconds(0)); }

void HttpServer::start() {
  auto& impl = *impl_;
  const tcp::endpoint ep{asio::ip::make_address(impl.opts.address), impl.opts.port};
  impl.acceptor.open(ep.protocol());
  impl.acceptor.set_option(asio::socket_base::reuse_address(true));
  impl.acceptor.bind(ep);
  impl.acceptor.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(impl.ioc, accept_loop(impl), asio::detached);
  for (auto& loop : impl.loops) {
    impl.threads.emplace_back([l = loop.get()] {
      // A loop without connections yet must not return at once.
      auto idle = asio::make_work_guard(*l);
      l->run();
    });
  }
}

uint16_t HttpServer::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

size_t HttpServer::open_connections() const { return impl_->connections.load(); }

void HttpServer::stop(std::chrono::milliseconds grace) {
  auto& impl = *impl_;
  if (impl.stopping.exchange(true)) return;
  asio::post(impl.ioc, [&impl] {
    beast::error_code ec;
    impl.acceptor.close(ec);
  });
  std::vector<std::shared_ptr<Tracked>> live;
  {
    std::lock_guard lock(impl.mu);
    for (auto& [id, weak] : impl.live)
      if (auto t = weak.lock()) live.push_back(std::move(t));
  }
  for (auto& t : live) t->shutdown();
  live.clear();
  // In-flight requests finish and WebSockets complete their close handshake.
  const auto deadline = std::chrono::steady_clock::now() + grace;
  // (A handler fiber belongs to a connection still counted here.)
  while (impl.connections.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  for (auto& loop : impl.loops) loop->stop();
  for (auto& t : impl.threads)
    if (t.joinable()) t.join();
  for (auto* pool : {&impl.workers, &impl.isolated, &impl.operations}) pool->threads.join();
}

}  // namespace todo::net
