// net::HttpClient over real sockets, no database: the project's HttpServer as
// a well-behaved peer, and scripted raw-socket peers for everything a server
// can do wrong (never answer, trickle, cut a response short, close idle
// connections, send too much). Assertions are about behaviour; time limits
// are only watchdogs many times the deadline under test.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/strings.h"
#include "net/dispatcher.h"
#include "net/http_client.h"
#include "net/http_server.h"
#include "net/router.h"
#include "obs/log.h"

namespace todo::net {
namespace {

using namespace std::chrono_literals;
using Kind = HttpClientError::Kind;

// ---------------------------------------------------------------------------
// Scripted raw-socket peer

struct RawRequest {
  size_t connection = 0;  // index of the accepted connection it arrived on
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool has(const std::string& name) const { return headers.count(name) > 0; }
};

class Peer;

// One accepted connection, driven by the peer's script on its own thread.
class PeerConn {
 public:
  PeerConn(Peer& peer, int fd, size_t index) : peer_(peer), fd_(fd), index_(index) {}
  size_t index() const { return index_; }

  // The next request (head + Content-Length body); nullopt once the client
  // closed the connection or the peer stops.
  std::optional<RawRequest> read_request();
  // False once the client is gone.
  bool send(std::string_view bytes);
  // Blocks until the client closes its end (or the peer stops).
  void wait_client_close();
  // Closes our end (FIN).
  void close();

 private:
  friend class Peer;
  bool fill();
  Peer& peer_;
  int fd_;  // guarded by the peer's mutex for close vs. shutdown
  size_t index_;
  std::string buf_;
};

class Peer {
 public:
  using Script = std::function<void(PeerConn&)>;

  explicit Peer(Script script) : script_(std::move(script)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 128) != 0)
      throw std::runtime_error("peer: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
  }
  ~Peer() { stop(); }
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  uint16_t port() const { return port_; }

  void stop() {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      stopping_ = true;
      for (auto& c : conns_)
        if (c->fd_ >= 0) ::shutdown(c->fd_, SHUT_RDWR);  // wakes scripts blocked in recv
      threads = std::move(threads_);
    }
    ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
    accept_thread_.join();
    {
      std::lock_guard lock(mu_);
      for (auto& t : threads_) threads.push_back(std::move(t));
      threads_.clear();
    }
    for (auto& t : threads) t.join();
    ::close(listen_fd_);
  }

  size_t accepted() const {
    std::lock_guard lock(mu_);
    return accepted_;
  }
  size_t peak_open() const {
    std::lock_guard lock(mu_);
    return peak_open_;
  }
  std::vector<RawRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  // Waits until `n` requests arrived in total.
  bool wait_requests(size_t n, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
  }
  // Waits until every accepted connection was closed.
  bool wait_all_closed(std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return open_ == 0; });
  }

 private:
  friend class PeerConn;

  void accept_loop() {
    for (;;) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        return;
      }
      std::lock_guard lock(mu_);
      if (stopping_) {
        ::close(fd);
        return;
      }
      auto conn = std::make_shared<PeerConn>(*this, fd, accepted_++);
      peak_open_ = std::max(peak_open_, ++open_);
      conns_.push_back(conn);
      threads_.emplace_back([this, conn] {
        script_(*conn);
        conn->close();
        std::lock_guard l(mu_);
        --open_;
        cv_.notify_all();
      });
      cv_.notify_all();
    }
  }

  void record(RawRequest r) {
    std::lock_guard lock(mu_);
    requests_.push_back(std::move(r));
    cv_.notify_all();
  }

  Script script_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread accept_thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  size_t accepted_ = 0;
  size_t open_ = 0;
  size_t peak_open_ = 0;
  std::vector<std::shared_ptr<PeerConn>> conns_;
  std::vector<std::thread> threads_;
  std::vector<RawRequest> requests_;
};

bool PeerConn::fill() {
  char chunk[4096];
  for (;;) {
    const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buf_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

std::optional<RawRequest> PeerConn::read_request() {
  size_t end;
  while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
    if (!fill()) return std::nullopt;
  const std::string head = buf_.substr(0, end);
  buf_.erase(0, end + 4);
  RawRequest r;
  r.connection = index_;
  size_t line_end = head.find("\r\n");
  const std::string line = head.substr(0, line_end);
  const auto sp1 = line.find(' ');
  const auto sp2 = line.find(' ', sp1 + 1);
  r.method = line.substr(0, sp1);
  r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  while (line_end != std::string::npos) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string h = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    const auto colon = h.find(':');
    if (colon == std::string::npos) continue;
    std::string name = core::ascii_lower(h.substr(0, colon));
    std::string value = h.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.headers[name] = value;
  }
  const size_t length = r.has("content-length") ? std::stoul(r.header("content-length")) : 0;
  while (buf_.size() < length)
    if (!fill()) return std::nullopt;
  r.body = buf_.substr(0, length);
  buf_.erase(0, length);
  peer_.record(r);
  return r;
}

bool PeerConn::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void PeerConn::wait_client_close() {
  while (fill()) {
  }
}

void PeerConn::close() {
  std::lock_guard lock(peer_.mu_);
  if (fd_ < 0) return;
  ::shutdown(fd_, SHUT_WR);
  ::close(fd_);
  fd_ = -1;
}

std::string response(int status, std::string_view body, std::string_view extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         std::string(extra_headers) + "\r\n" + std::string(body);
}

// Answers every request with 200 and "ok:<target>" until the client leaves.
void serve_ok(PeerConn& c) {
  while (auto r = c.read_request())
    if (!c.send(response(200, "ok:" + r->target))) return;
}

// ---------------------------------------------------------------------------
// Helpers

struct Outcome {
  std::optional<ClientResponse> response;
  std::optional<Kind> error;
  std::string message;
};

// Runs one call; a call that has not returned by `watchdog` is a hang and
// ends the test binary (it could otherwise only be noticed as a ctest timeout).
Outcome call(HttpClient& client, ClientRequest req, std::chrono::milliseconds watchdog = 20s) {
  auto fut = std::async(std::launch::async, [&client, req = std::move(req)] {
    Outcome o;
    try {
      o.response = client.send(req);
    } catch (const HttpClientError& e) {
      o.error = e.kind();
      o.message = e.what();
    }
    return o;
  });
  if (fut.wait_for(watchdog) != std::future_status::ready) {
    ADD_FAILURE() << "HttpClient::send did not return within the " << watchdog.count() << " ms watchdog";
    std::fflush(stdout);
    std::abort();
  }
  return fut.get();
}

ClientRequest get(std::string target, std::optional<std::chrono::milliseconds> timeout = std::nullopt) {
  ClientRequest r;
  r.method = "GET";
  r.target = std::move(target);
  r.timeout = timeout;
  return r;
}

ClientRequest with_method(std::string method, std::string target, std::string body = "") {
  ClientRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.body = std::move(body);
  return r;
}

HttpClientOptions options_for(uint16_t port) {
  HttpClientOptions o;
  o.port = port;
  return o;
}

// Polls a condition until it holds or the deadline passes.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

class Gate {
 public:
  void open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  bool wait(std::chrono::milliseconds timeout = 20s) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

// Each evaluates its outcome expression once (it may be a future's get()).
#define EXPECT_OK(expr, code)                                                                       \
  do {                                                                                              \
    const Outcome outcome_ = (expr);                                                                \
    ASSERT_TRUE(outcome_.response) << "error " << to_string(*outcome_.error) << ": " << outcome_.message; \
    EXPECT_EQ(outcome_.response->status, code);                                                     \
  } while (0)

#define EXPECT_ERROR(expr, kind)                                                                        \
  do {                                                                                                  \
    const Outcome outcome_ = (expr);                                                                    \
    ASSERT_TRUE(outcome_.error) << "expected " << to_string(kind) << ", got HTTP " << outcome_.response->status; \
    EXPECT_EQ(*outcome_.error, kind) << outcome_.message;                                               \
  } while (0)

class HttpClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { obs::configure_logging(obs::Level::Error, true); }  // no access log noise
};

// ---------------------------------------------------------------------------
// Against the project's own server

class ServerPeer {
 public:
  explicit ServerPeer(std::chrono::milliseconds idle_timeout = 60s) {
    ServiceRoutes routes(router_, "test");
    routes.get("/hello", [](Request&) {
      Response r;
      r.body = R"({"hello":"world"})";
      r.set_header("X-Custom", "yes");
      return r;
    });
    routes.post("/echo", [](Request& req) {
      Response r;
      r.body = req.body;
      r.content_type = "text/plain";
      r.set_header("X-Seen-Content-Length", std::string(req.header("content-length")));
      r.set_header("X-Seen-Host", std::string(req.header("host")));
      return r;
    });
    routes.get("/empty", [](Request&) { return no_content(); });
    routes.get("/bye", [](Request&) {
      Response r;
      r.body = "bye";
      r.set_header("Connection", "close");
      return r;
    });
    ServerOptions opts;
    opts.address = "127.0.0.1";
    opts.port = 0;
    opts.workers = 2;
    opts.idle_timeout = idle_timeout;
    server_ = std::make_unique<HttpServer>(opts, dispatcher_);
    server_->start();
  }
  ~ServerPeer() { server_->stop(std::chrono::milliseconds(0)); }
  uint16_t port() const { return server_->port(); }
  HttpServer& server() { return *server_; }

 private:
  Router router_;
  Dispatcher dispatcher_{router_};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpClientTest, RoundTripsThroughHttpServer) {
  ServerPeer peer;
  HttpClient client(options_for(peer.port()));

  auto hello = call(client, get("/hello"));
  EXPECT_OK(hello, 200);
  EXPECT_EQ(hello.response->body, R"({"hello":"world"})");
  EXPECT_EQ(hello.response->header("X-Custom"), "yes");  // case-insensitive lookup
  EXPECT_EQ(hello.response->header("content-type"), "application/json");
  EXPECT_FALSE(hello.response->header("x-request-id").empty());
  for (const auto& [name, value] : hello.response->headers) EXPECT_EQ(name, core::ascii_lower(name));

  auto echo = call(client, with_method("POST", "/echo", "payload"));
  EXPECT_OK(echo, 200);
  EXPECT_EQ(echo.response->body, "payload");
  EXPECT_EQ(echo.response->header("x-seen-content-length"), "7");
  EXPECT_EQ(echo.response->header("x-seen-host"), "127.0.0.1:" + std::to_string(peer.port()));

  auto missing = call(client, get("/nope"));  // an HTTP error is a response, not an exception
  EXPECT_OK(missing, 404);
}

TEST_F(HttpClientTest, HttpServerConnectionIsKeptAliveAcrossRequests) {
  ServerPeer peer;
  HttpClient client(options_for(peer.port()));
  for (int i = 0; i < 100; ++i) {
    auto r = call(client, get("/hello"));
    EXPECT_OK(r, 200);
  }
  EXPECT_EQ(client.pool_stats().open, 1u);
  EXPECT_EQ(client.pool_stats().idle, 1u);
  EXPECT_EQ(peer.server().open_connections(), 1u);
}

TEST_F(HttpClientTest, HeadAndNoContentFromHttpServer) {
  ServerPeer peer;
  HttpClient client(options_for(peer.port()));
  auto head = call(client, with_method("HEAD", "/hello"));
  EXPECT_OK(head, 200);
  EXPECT_EQ(head.response->body, "");
  EXPECT_EQ(head.response->header("content-length"), std::to_string(std::string(R"({"hello":"world"})").size()));
  auto empty = call(client, get("/empty"));
  EXPECT_OK(empty, 204);
  EXPECT_EQ(empty.response->body, "");
  auto after = call(client, get("/hello"));  // the framing stayed in step
  EXPECT_OK(after, 200);
  EXPECT_EQ(after.response->body, R"({"hello":"world"})");
  EXPECT_EQ(client.pool_stats().open, 1u);
}

TEST_F(HttpClientTest, HttpServerConnectionCloseIsNotReused) {
  ServerPeer peer;
  HttpClient client(options_for(peer.port()));
  auto bye = call(client, get("/bye"));
  EXPECT_OK(bye, 200);
  EXPECT_EQ(bye.response->body, "bye");
  EXPECT_EQ(client.pool_stats().open, 0u);
  EXPECT_EQ(client.pool_stats().idle, 0u);
  auto next = call(client, get("/hello"));
  EXPECT_OK(next, 200);
}

TEST_F(HttpClientTest, IdleConnectionClosedByHttpServerIsReplacedTransparently) {
  ServerPeer peer(200ms);  // the server closes keep-alive connections idle for 200 ms
  HttpClient client(options_for(peer.port()));
  EXPECT_OK(call(client, get("/hello")), 200);
  ASSERT_EQ(client.pool_stats().idle, 1u);
  ASSERT_TRUE(eventually([&] { return peer.server().open_connections() == 0; })) << "server never closed the idle connection";
  auto r = call(client, get("/hello"));
  EXPECT_OK(r, 200);
  EXPECT_EQ(r.response->body, R"({"hello":"world"})");
}

// ---------------------------------------------------------------------------
// Request framing

TEST_F(HttpClientTest, SetsHostContentLengthAndKeepAlive) {
  Peer peer(serve_ok);
  HttpClient client(options_for(peer.port()));
  EXPECT_OK(call(client, with_method("POST", "/empty-post")), 200);
  EXPECT_OK(call(client, with_method("PUT", "/put", "abc")), 200);
  EXPECT_OK(call(client, get("/get")), 200);
  auto custom = with_method("DELETE", "/delete");
  custom.headers = {{"x-trace", "1"}, {"host", "sidecar.local"}, {"dapr-app-id", "todo-api"}};
  EXPECT_OK(call(client, custom), 200);

  const auto reqs = peer.requests();
  ASSERT_EQ(reqs.size(), 4u);
  const std::string authority = "127.0.0.1:" + std::to_string(peer.port());
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].header("content-length"), "0");  // also for an empty POST
  EXPECT_EQ(reqs[0].header("host"), authority);
  EXPECT_EQ(core::ascii_lower(reqs[0].header("connection")), "keep-alive");
  EXPECT_EQ(reqs[1].header("content-length"), "3");
  EXPECT_EQ(reqs[1].body, "abc");
  EXPECT_FALSE(reqs[2].has("content-length"));  // a GET without a body has none
  EXPECT_FALSE(reqs[2].has("transfer-encoding"));
  EXPECT_EQ(reqs[3].header("host"), "sidecar.local");
  EXPECT_EQ(reqs[3].header("x-trace"), "1");
  EXPECT_EQ(reqs[3].header("dapr-app-id"), "todo-api");
  for (const auto& r : reqs) EXPECT_EQ(r.connection, 0u);
}

TEST_F(HttpClientTest, InvalidRequestsAreRejectedBeforeConnecting) {
  Peer peer(serve_ok);
  HttpClient client(options_for(peer.port()));
  EXPECT_ERROR(call(client, get("no-slash")), Kind::InvalidArgument);
  EXPECT_ERROR(call(client, get("/a b")), Kind::InvalidArgument);
  EXPECT_ERROR(call(client, with_method("GE T", "/")), Kind::InvalidArgument);
  auto crlf = get("/");
  crlf.headers = {{"x-evil", "a\r\nx-injected: 1"}};
  EXPECT_ERROR(call(client, crlf), Kind::InvalidArgument);
  auto framing = with_method("POST", "/", "abc");
  framing.headers = {{"content-length", "1"}};
  EXPECT_ERROR(call(client, framing), Kind::InvalidArgument);
  EXPECT_ERROR(call(client, get("/", 0ms)), Kind::InvalidArgument);
  EXPECT_EQ(client.pool_stats().open, 0u);
  EXPECT_EQ(peer.accepted(), 0u);

  auto bad = options_for(peer.port());
  bad.max_connections = 0;
  try {
    HttpClient c(bad);
    ADD_FAILURE() << "max_connections = 0 was accepted";
  } catch (const HttpClientError& e) {
    EXPECT_EQ(e.kind(), Kind::InvalidArgument);
  }
}

// ---------------------------------------------------------------------------
// Keep-alive and response framing

TEST_F(HttpClientTest, HundredSequentialRequestsShareOneConnection) {
  Peer peer(serve_ok);
  HttpClient client(options_for(peer.port()));
  for (int i = 0; i < 100; ++i) {
    auto r = call(client, get("/n" + std::to_string(i)));
    EXPECT_OK(r, 200);
    EXPECT_EQ(r.response->body, "ok:/n" + std::to_string(i));
  }
  EXPECT_EQ(peer.accepted(), 1u);
}

TEST_F(HttpClientTest, ChunkedResponseIsDecoded) {
  Peer peer([](PeerConn& c) {
    while (auto r = c.read_request()) {
      if (r->target == "/chunked") {
        c.send(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
            "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");
      } else {
        c.send(response(200, "after"));
      }
    }
  });
  HttpClient client(options_for(peer.port()));
  auto r = call(client, get("/chunked"));
  EXPECT_OK(r, 200);
  EXPECT_EQ(r.response->body, "hello, world");
  EXPECT_EQ(r.response->header("content-type"), "text/plain");
  auto after = call(client, get("/after"));  // the chunked framing ended exactly
  EXPECT_OK(after, 200);
  EXPECT_EQ(after.response->body, "after");
  EXPECT_EQ(peer.accepted(), 1u);
}

TEST_F(HttpClientTest, HeadNoContentAndNotModifiedHaveNoBody) {
  Peer peer([](PeerConn& c) {
    while (auto r = c.read_request()) {
      if (r->method == "HEAD") c.send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
      else if (r->target == "/204") c.send("HTTP/1.1 204 No Content\r\n\r\n");
      else if (r->target == "/304") c.send("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\nETag: \"1\"\r\n\r\n");
      else c.send(response(200, "hello"));
    }
  });
  HttpClient client(options_for(peer.port()));
  auto head = call(client, with_method("HEAD", "/x"));
  EXPECT_OK(head, 200);
  EXPECT_EQ(head.response->body, "");
  EXPECT_EQ(head.response->header("content-length"), "5");
  auto nc = call(client, get("/204"));
  EXPECT_OK(nc, 204);
  EXPECT_EQ(nc.response->body, "");
  auto nm = call(client, get("/304"));
  EXPECT_OK(nm, 304);
  EXPECT_EQ(nm.response->body, "");
  EXPECT_EQ(nm.response->header("etag"), "\"1\"");
  auto get_ = call(client, get("/x"));
  EXPECT_OK(get_, 200);
  EXPECT_EQ(get_.response->body, "hello");
  EXPECT_EQ(peer.accepted(), 1u);  // every one of them left the connection reusable
}

TEST_F(HttpClientTest, InterimResponsesAreSkipped) {
  Peer peer([](PeerConn& c) {
    while (auto r = c.read_request())
      c.send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + response(201, "made"));
  });
  HttpClient client(options_for(peer.port()));
  auto r = call(client, with_method("POST", "/x", "{}"));
  EXPECT_OK(r, 201);
  EXPECT_EQ(r.response->body, "made");
  EXPECT_OK(call(client, get("/y")), 201);
  EXPECT_EQ(peer.accepted(), 1u);
}

TEST_F(HttpClientTest, ConnectionCloseAndNonKeepAliveResponsesAreNotReused) {
  Peer peer([](PeerConn& c) {
    auto r = c.read_request();
    if (!r) return;
    if (r->target == "/close") {
      c.send(response(200, "closing", "Connection: close\r\n"));
      c.close();
    } else if (r->target == "/http10") {
      c.send("HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nold!");
      c.wait_client_close();  // keeps its end open: the client must not reuse it anyway
    } else if (r->target == "/until-eof") {
      c.send("HTTP/1.1 200 OK\r\n\r\nbody ends at close");
      c.close();
    }
  });
  HttpClient client(options_for(peer.port()));
  auto a = call(client, get("/close"));
  EXPECT_OK(a, 200);
  EXPECT_EQ(a.response->body, "closing");
  EXPECT_EQ(client.pool_stats().open, 0u);
  auto b = call(client, get("/http10"));
  EXPECT_OK(b, 200);
  EXPECT_EQ(b.response->body, "old!");
  EXPECT_EQ(client.pool_stats().open, 0u);
  auto c = call(client, get("/until-eof"));
  EXPECT_OK(c, 200);
  EXPECT_EQ(c.response->body, "body ends at close");
  EXPECT_EQ(client.pool_stats().open, 0u);
  EXPECT_EQ(peer.accepted(), 3u);
  EXPECT_TRUE(peer.wait_all_closed());
}

TEST_F(HttpClientTest, IdleConnectionsPastIdleTimeoutAreNotReused) {
  Peer peer(serve_ok);
  auto opts = options_for(peer.port());
  opts.idle_timeout = 100ms;
  HttpClient client(opts);
  EXPECT_OK(call(client, get("/1")), 200);
  EXPECT_EQ(client.pool_stats().idle, 1u);
  std::this_thread::sleep_for(300ms);  // the behaviour under test is the passing of idle time
  EXPECT_OK(call(client, get("/2")), 200);
  EXPECT_EQ(peer.accepted(), 2u);
  EXPECT_TRUE(eventually([&] { return peer.requests().size() == 2; }));
  EXPECT_EQ(peer.requests()[1].connection, 1u);
}

TEST_F(HttpClientTest, IdleConnectionsAreReusedMostRecentFirst) {
  Gate gate;
  Peer peer([&gate](PeerConn& c) {
    while (auto r = c.read_request()) {
      if (r->target == "/hold") gate.wait();
      if (!c.send(response(200, "ok"))) return;
    }
  });
  auto opts = options_for(peer.port());
  opts.max_connections = 2;
  HttpClient client(opts);
  // Two calls at once open two connections; the one released last is reused.
  auto first = std::async(std::launch::async, [&] { return call(client, get("/hold")); });
  auto second = std::async(std::launch::async, [&] { return call(client, get("/hold")); });
  ASSERT_TRUE(peer.wait_requests(2));
  gate.open();
  EXPECT_OK(first.get(), 200);
  EXPECT_OK(second.get(), 200);
  ASSERT_EQ(peer.accepted(), 2u);
  ASSERT_EQ(client.pool_stats().idle, 2u);
  for (int i = 0; i < 10; ++i) EXPECT_OK(call(client, get("/seq")), 200);
  std::map<size_t, int> per_connection;
  for (const auto& r : peer.requests())
    if (r.target == "/seq") ++per_connection[r.connection];
  EXPECT_EQ(per_connection.size(), 1u) << "sequential calls alternated between idle connections (not LIFO)";
}

// ---------------------------------------------------------------------------
// Failures and deadlines

TEST_F(HttpClientTest, ConnectionRefusedIsConnectError) {
  // A bound socket that does not listen: connecting to its port is refused.
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  HttpClient client(options_for(ntohs(addr.sin_port)));
  auto r = call(client, get("/"));
  EXPECT_ERROR(r, Kind::Connect);
  EXPECT_EQ(client.pool_stats().open, 0u);  // the slot was given back
  ::close(fd);
}

TEST_F(HttpClientTest, PeerThatNeverAnswersTimesOut) {
  Peer peer([](PeerConn& c) {
    if (c.read_request()) c.wait_client_close();
  });
  HttpClient client(options_for(peer.port()));
  const auto timeout = 300ms;
  auto r = call(client, get("/", timeout), timeout * 10 + 5s);
  EXPECT_ERROR(r, Kind::Timeout);
  EXPECT_EQ(client.pool_stats().open, 0u);
  EXPECT_TRUE(peer.wait_all_closed()) << "the timed-out connection was not closed";
}

TEST_F(HttpClientTest, TricklingPeerTimesOut) {
  Peer peer([](PeerConn& c) {
    if (!c.read_request()) return;
    // A byte every 20 ms: each read makes progress, the whole never arrives.
    const std::string start = "HTTP/1.1 200 OK\r\nX-Slow: ";
    for (char ch : start) {
      if (!c.send(std::string(1, ch))) return;
      std::this_thread::sleep_for(20ms);
    }
    while (c.send("a")) std::this_thread::sleep_for(20ms);
  });
  HttpClient client(options_for(peer.port()));
  const auto timeout = 300ms;
  auto r = call(client, get("/", timeout), timeout * 10 + 5s);
  EXPECT_ERROR(r, Kind::Timeout);
  EXPECT_TRUE(peer.wait_all_closed());
}

TEST_F(HttpClientTest, TricklingBodyTimesOut) {
  Peer peer([](PeerConn& c) {
    if (!c.read_request()) return;
    if (!c.send("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")) return;
    while (c.send("b")) std::this_thread::sleep_for(20ms);
  });
  HttpClient client(options_for(peer.port()));
  const auto timeout = 300ms;
  auto r = call(client, get("/", timeout), timeout * 10 + 5s);
  EXPECT_ERROR(r, Kind::Timeout);
}

TEST_F(HttpClientTest, HeadersWithoutBodyTimeOutWhileTheConnectionStaysOpen) {
  Peer peer([](PeerConn& c) {
    if (!c.read_request()) return;
    c.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    c.wait_client_close();
  });
  HttpClient client(options_for(peer.port()));
  const auto timeout = 300ms;
  auto r = call(client, get("/", timeout), timeout * 10 + 5s);
  EXPECT_ERROR(r, Kind::Timeout);
}

TEST_F(HttpClientTest, HeadersWithoutBodyThenCloseIsProtocolError) {
  Peer peer([](PeerConn& c) {
    if (!c.read_request()) return;
    c.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    c.close();
  });
  HttpClient client(options_for(peer.port()));
  auto r = call(client, get("/"));
  EXPECT_ERROR(r, Kind::Protocol);
  EXPECT_EQ(peer.accepted(), 1u);
}

TEST_F(HttpClientTest, GarbageResponseIsProtocolError) {
  Peer peer([](PeerConn& c) {
    if (!c.read_request()) return;
    c.send("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    c.wait_client_close();
  });
  HttpClient client(options_for(peer.port()));
  EXPECT_ERROR(call(client, get("/")), Kind::Protocol);
}

TEST_F(HttpClientTest, OversizedBodyIsProtocolErrorAndConnectionIsDiscarded) {
  Peer peer([](PeerConn& c) {
    while (auto r = c.read_request()) {
      bool sent = true;
      if (r->target == "/big") {
        sent = c.send(response(200, std::string(2048, 'x')));
      } else if (r->target == "/big-chunked") {
        const std::string chunk(600, 'y');
        sent = c.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk + "\r\n258\r\n" + chunk +
                      "\r\n0\r\n\r\n");
      } else if (r->target == "/exact") {
        sent = c.send(response(200, std::string(1024, 'z')));
      } else {
        sent = c.send(response(200, "small"));
      }
      if (!sent) return;
    }
  });
  auto opts = options_for(peer.port());
  opts.max_response_body = 1024;
  HttpClient client(opts);

  auto exact = call(client, get("/exact"));
  EXPECT_OK(exact, 200);
  EXPECT_EQ(exact.response->body.size(), 1024u);
  EXPECT_EQ(peer.accepted(), 1u);

  EXPECT_ERROR(call(client, get("/big")), Kind::Protocol);
  EXPECT_EQ(client.pool_stats().open, 0u);
  EXPECT_OK(call(client, get("/small")), 200);
  EXPECT_EQ(peer.accepted(), 2u);  // a new connection after the discarded one

  EXPECT_ERROR(call(client, get("/big-chunked")), Kind::Protocol);
  EXPECT_EQ(client.pool_stats().open, 0u);
  EXPECT_OK(call(client, get("/small")), 200);
  EXPECT_EQ(peer.accepted(), 3u);
}

// ---------------------------------------------------------------------------
// The one retry

TEST_F(HttpClientTest, ReusedConnectionClosedBeforeAnsweringIsRetriedOnce) {
  // Connection 0 answers its first request, then reads the second and closes
  // without a byte of response (a keep-alive timeout racing the request).
  Peer peer([](PeerConn& c) {
    if (c.index() == 0) {
      if (!c.read_request()) return;
      c.send(response(200, "first"));
      if (c.read_request()) c.close();
      return;
    }
    serve_ok(c);
  });
  HttpClient client(options_for(peer.port()));
  EXPECT_OK(call(client, get("/1")), 200);
  auto second = call(client, with_method("POST", "/2", "{}"));
  EXPECT_OK(second, 200);
  EXPECT_EQ(second.response->body, "ok:/2");
  EXPECT_EQ(peer.accepted(), 2u);
  const auto reqs = peer.requests();
  ASSERT_EQ(reqs.size(), 3u);  // /1, /2 on the closed connection, /2 again on a new one
  EXPECT_EQ(reqs[1].connection, 0u);
  EXPECT_EQ(reqs[2].connection, 1u);
  EXPECT_EQ(reqs[2].target, "/2");
}

TEST_F(HttpClientTest, FreshConnectionClosedBeforeAnsweringIsNotRetried) {
  Peer peer([](PeerConn& c) {
    if (c.index() == 0) {
      if (c.read_request()) c.close();
      return;
    }
    serve_ok(c);
  });
  HttpClient client(options_for(peer.port()));
  auto r = call(client, with_method("POST", "/once", "{}"));
  EXPECT_ERROR(r, Kind::Io);
  EXPECT_EQ(peer.accepted(), 1u);
  EXPECT_EQ(peer.requests().size(), 1u);
}

TEST_F(HttpClientTest, ReusedConnectionCutMidResponseIsNotRetried) {
  Peer peer([](PeerConn& c) {
    if (c.index() == 0) {
      if (!c.read_request()) return;
      c.send(response(200, "first"));
      if (!c.read_request()) return;
      c.send("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\npartial");
      c.close();
      return;
    }
    serve_ok(c);
  });
  HttpClient client(options_for(peer.port()));
  EXPECT_OK(call(client, get("/1")), 200);
  EXPECT_ERROR(call(client, get("/2")), Kind::Protocol);
  EXPECT_EQ(peer.accepted(), 1u);
}

TEST_F(HttpClientTest, RetryFailureIsReportedNotRetriedAgain) {
  // Every connection answers one request and closes on the second without a
  // response; a reused connection retries once, on a fresh connection, which
  // also dies before answering: Io, two connections, no third.
  Peer peer([](PeerConn& c) {
    if (c.index() == 0) {
      if (!c.read_request()) return;
      c.send(response(200, "first"));
    }
    if (c.read_request()) c.close();
  });
  HttpClient client(options_for(peer.port()));
  EXPECT_OK(call(client, get("/1")), 200);
  EXPECT_ERROR(call(client, get("/2")), Kind::Io);
  EXPECT_EQ(peer.accepted(), 2u);
}

// ---------------------------------------------------------------------------
// The pool

TEST_F(HttpClientTest, FiftyConcurrentCallersShareFourConnections) {
  Peer peer([](PeerConn& c) {
    while (auto r = c.read_request()) {
      std::this_thread::sleep_for(1ms);  // a little work, so callers overlap
      if (!c.send(response(200, "ok:" + r->target))) return;
    }
  });
  auto opts = options_for(peer.port());
  opts.max_connections = 4;
  HttpClient client(opts);
  constexpr int kCallers = 50, kEach = 4;
  std::atomic<int> ok{0};
  std::atomic<size_t> max_open{0};
  std::vector<std::thread> threads;
  std::vector<std::string> failures(kCallers);
  for (int t = 0; t < kCallers; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string target = "/c" + std::to_string(t) + "/" + std::to_string(i);
        try {
          auto r = client.send(get(target));
          if (r.status == 200 && r.body == "ok:" + target) ++ok;
          else failures[static_cast<size_t>(t)] = "unexpected " + std::to_string(r.status) + " " + r.body;
        } catch (const HttpClientError& e) {
          failures[static_cast<size_t>(t)] = e.what();
        }
        const auto open = client.pool_stats().open;
        auto seen = max_open.load();
        while (open > seen && !max_open.compare_exchange_weak(seen, open)) {
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& f : failures) EXPECT_EQ(f, "");
  EXPECT_EQ(ok.load(), kCallers * kEach);
  EXPECT_LE(peer.accepted(), 4u);
  EXPECT_LE(peer.peak_open(), 4u);
  EXPECT_LE(max_open.load(), 4u);
}

TEST_F(HttpClientTest, CallerWaitsForAFreeSlot) {
  Gate gate;
  Peer peer([&gate](PeerConn& c) {
    while (auto r = c.read_request()) {
      if (r->target == "/hold") gate.wait();
      if (!c.send(response(200, "ok:" + r->target))) return;
    }
  });
  auto opts = options_for(peer.port());
  opts.max_connections = 1;
  HttpClient client(opts);
  auto holder = std::async(std::launch::async, [&] { return call(client, get("/hold")); });
  ASSERT_TRUE(peer.wait_requests(1));
  auto waiter = std::async(std::launch::async, [&] { return call(client, get("/next")); });
  ASSERT_TRUE(eventually([&] { return client.pool_stats().waiting == 1; }));
  gate.open();
  EXPECT_OK(holder.get(), 200);
  auto w = waiter.get();
  EXPECT_OK(w, 200);
  EXPECT_EQ(w.response->body, "ok:/next");
  EXPECT_EQ(peer.accepted(), 1u);
}

TEST_F(HttpClientTest, NoFreeSlotBeforeTheDeadlineIsPoolExhausted) {
  Gate gate;
  Peer peer([&gate](PeerConn& c) {
    while (auto r = c.read_request()) {
      if (r->target == "/hold") gate.wait();
      if (!c.send(response(200, "ok"))) return;
    }
  });
  auto opts = options_for(peer.port());
  opts.max_connections = 1;
  HttpClient client(opts);
  auto holder = std::async(std::launch::async, [&] { return call(client, get("/hold")); });
  ASSERT_TRUE(peer.wait_requests(1));
  const auto timeout = 200ms;
  auto r = call(client, get("/starved", timeout), timeout * 10 + 5s);
  EXPECT_ERROR(r, Kind::PoolExhausted);
  gate.open();
  EXPECT_OK(holder.get(), 200);
  EXPECT_OK(call(client, get("/after")), 200);
  EXPECT_EQ(peer.accepted(), 1u);
}

TEST_F(HttpClientTest, DestructionWakesCallersInFlightAndWaiting) {
  Peer peer([](PeerConn& c) {
    if (c.read_request()) c.wait_client_close();  // never answers
  });
  auto opts = options_for(peer.port());
  opts.max_connections = 1;
  opts.request_timeout = 60s;
  auto client = std::make_unique<HttpClient>(opts);
  HttpClient* raw = client.get();
  auto in_flight = std::async(std::launch::async, [raw] { return call(*raw, get("/stuck"), 30s); });
  ASSERT_TRUE(peer.wait_requests(1));
  auto waiting = std::async(std::launch::async, [raw] { return call(*raw, get("/queued"), 30s); });
  ASSERT_TRUE(eventually([&] { return raw->pool_stats().waiting == 1; }));
  client.reset();  // returns once both calls have left send()
  EXPECT_ERROR(in_flight.get(), Kind::Shutdown);
  EXPECT_ERROR(waiting.get(), Kind::Shutdown);
  EXPECT_TRUE(peer.wait_all_closed());
}

TEST_F(HttpClientTest, DestructionClosesIdleConnections) {
  Peer peer(serve_ok);
  {
    auto opts = options_for(peer.port());
    opts.max_connections = 2;
    HttpClient client(opts);
    EXPECT_OK(call(client, get("/a")), 200);
    EXPECT_EQ(client.pool_stats().idle, 1u);
  }
  EXPECT_TRUE(peer.wait_all_closed());
}

TEST_F(HttpClientTest, HostNameIsResolved) {
  Peer peer(serve_ok);
  auto opts = options_for(peer.port());
  opts.host = "localhost";
  HttpClient client(opts);
  // localhost may resolve to ::1 first; the peer listens on 127.0.0.1 only,
  // so this also covers falling through to the next address.
  auto r = call(client, get("/named"));
  EXPECT_OK(r, 200);
  EXPECT_EQ(r.response->body, "ok:/named");
  EXPECT_EQ(peer.requests().at(0).header("host"), "localhost:" + std::to_string(peer.port()));
}

}  // namespace
}  // namespace todo::net
