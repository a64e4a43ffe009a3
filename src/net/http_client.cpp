// The HTTP/1.1 client (http_client.h) on Beast's parser and serializer.
//
// Why blocking sockets with deadline-bounded waits, and not async operations
// on an internal io_context thread: callers block anyway (handler and event
// threads), so an I/O thread would only add two thread hops per request, a
// shared serialisation point for every caller, and a second place where a
// deadline has to be enforced (the caller's wait on the I/O thread). Here the
// calling thread does its own I/O on a non-blocking socket. Every wait is a
// poll() bounded by the time left until one absolute deadline computed when
// the call starts (connect + write + complete response), and the deadline is
// checked again before every read and write, so a peer that never answers,
// trickles a byte at a time or sends headers without the body cannot stretch
// a call beyond it. Beast's sync http::read/http::write drive the parser and
// serializer over DeadlineStream below. Each poll also watches one eventfd of
// the client, which the destructor makes readable: that wakes every call
// blocked in connect, write, read or name resolution at once.
#include "net/http_client.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cerrno>
#include <climits>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "core/strings.h"

namespace todo::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Kind = HttpClientError::Kind;

constexpr size_t kHeaderLimit = 64 * 1024;
constexpr int kMaxInterimResponses = 8;                // 1xx answers skipped before the real one
constexpr auto kMaxTimeout = std::chrono::hours(24);  // keeps deadline arithmetic far from overflow

// Owns a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

beast::error_code errno_code(int e) { return beast::error_code(e, boost::system::system_category()); }

// Waits until `fd` is ready for `events`, the client shuts down (`wake_fd`
// readable: operation_aborted) or `deadline` passes (beast::error::timeout).
// Readiness includes errors and hang-ups: the next system call reports them.
bool wait_ready(int fd, short events, int wake_fd, Clock::time_point deadline, beast::error_code& ec) {
  for (;;) {
    const auto now = Clock::now();
    if (now >= deadline) {
      ec = beast::error::timeout;
      return false;
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
    pollfd fds[2] = {{fd, events, 0}, {wake_fd, POLLIN, 0}};
    const int r = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, INT_MAX)));
    if (r < 0) {
      if (errno == EINTR) continue;
      ec = errno_code(errno);
      return false;
    }
    if (fds[1].revents != 0) {
      ec = asio::error::operation_aborted;
      return false;
    }
    if (r > 0) return true;
    // Timed out: the loop re-checks the deadline (poll may round down).
  }
}

template <typename Buffers>
int to_iovec(const Buffers& buffers, iovec (&iov)[16]) {
  int n = 0;
  for (auto it = asio::buffer_sequence_begin(buffers); it != asio::buffer_sequence_end(buffers) && n < 16; ++it) {
    const asio::const_buffer b(*it);
    if (b.size() == 0) continue;
    iov[n].iov_base = const_cast<void*>(b.data());
    iov[n].iov_len = b.size();
    ++n;
  }
  return n;
}

// Beast SyncReadStream + SyncWriteStream over a non-blocking socket, every
// operation bounded by one absolute deadline.
class DeadlineStream {
 public:
  DeadlineStream(int fd, int wake_fd, Clock::time_point deadline) : fd_(fd), wake_fd_(wake_fd), deadline_(deadline) {}

  template <typename MutableBuffers>
  size_t read_some(const MutableBuffers& buffers, beast::error_code& ec) {
    ec = {};
    iovec iov[16];
    const int n = to_iovec(buffers, iov);
    if (n == 0) return 0;
    for (;;) {
      // Checked even when data is ready: a peer that keeps sending cannot outrun the deadline.
      if (Clock::now() >= deadline_) {
        ec = beast::error::timeout;
        return 0;
      }
      const ssize_t r = ::readv(fd_, iov, n);
      if (r > 0) {
        bytes_read_ += static_cast<size_t>(r);
        return static_cast<size_t>(r);
      }
      if (r == 0) {
        ec = asio::error::eof;
        return 0;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        ec = errno_code(errno);
        return 0;
      }
      if (!wait_ready(fd_, POLLIN, wake_fd_, deadline_, ec)) return 0;
    }
  }

  template <typename ConstBuffers>
  size_t write_some(const ConstBuffers& buffers, beast::error_code& ec) {
    ec = {};
    iovec iov[16];
    const int n = to_iovec(buffers, iov);
    if (n == 0) return 0;
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = static_cast<size_t>(n);
    for (;;) {
      if (Clock::now() >= deadline_) {
        ec = beast::error::timeout;
        return 0;
      }
      const ssize_t r = ::sendmsg(fd_, &msg, MSG_NOSIGNAL);
      if (r >= 0) return static_cast<size_t>(r);
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        ec = errno_code(errno);
        return 0;
      }
      if (!wait_ready(fd_, POLLOUT, wake_fd_, deadline_, ec)) return 0;
    }
  }

  // The throwing overloads the stream concepts require; the client only uses the error_code ones.
  template <typename MutableBuffers>
  size_t read_some(const MutableBuffers& buffers) {
    beast::error_code ec;
    const auto n = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }
  template <typename ConstBuffers>
  size_t write_some(const ConstBuffers& buffers) {
    beast::error_code ec;
    const auto n = write_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }

  size_t bytes_read() const { return bytes_read_; }

 private:
  int fd_;
  int wake_fd_;
  Clock::time_point deadline_;
  size_t bytes_read_ = 0;
};

struct Connection {
  Fd fd;
  Clock::time_point idle_since;
  uint64_t requests = 0;  // completed exchanges; > 0 means the next one reuses it
};

// A pooled connection that the peer closed (or that holds unsolicited bytes)
// must not be reused; a zero-timeout poll tells without blocking.
bool looks_usable(const Connection& c) {
  pollfd p{c.fd.get(), POLLIN | POLLRDHUP, 0};
  const int r = ::poll(&p, 1, 0);
  return r == 0;
}

// getaddrinfo has no timeout: it runs on a short-lived helper thread and the
// caller waits for it (an eventfd) no longer than its deadline. An abandoned
// lookup finishes in the background and only touches its own shared state.
struct Lookup {
  Fd done;  // eventfd, readable once finished
  std::mutex mu;
  std::vector<tcp::endpoint> endpoints;
  int error = 0;  // EAI_* code
};

bool resolve(const std::string& host, uint16_t port, int wake_fd, Clock::time_point deadline,
             std::vector<tcp::endpoint>& out, std::string& error) {
  auto lookup = std::make_shared<Lookup>();
  lookup->done = Fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!lookup->done) {
    error = "cannot create eventfd: " + errno_code(errno).message();
    return false;
  }
  try {
    std::thread([lookup, host, port] {
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_STREAM;
      hints.ai_flags = AI_NUMERICSERV;
      addrinfo* res = nullptr;
      const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
      std::vector<tcp::endpoint> found;
      for (auto* ai = res; ai; ai = ai->ai_next) {
        if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) || ai->ai_addrlen > tcp::endpoint().capacity())
          continue;
        tcp::endpoint ep;
        std::memcpy(ep.data(), ai->ai_addr, ai->ai_addrlen);
        found.push_back(ep);
      }
      if (res) ::freeaddrinfo(res);
      {
        std::lock_guard lock(lookup->mu);
        lookup->error = rc;
        lookup->endpoints = std::move(found);
      }
      const uint64_t one = 1;
      (void)!::write(lookup->done.get(), &one, sizeof one);
    }).detach();
  } catch (const std::system_error& e) {
    error = std::string("cannot start the resolver thread: ") + e.what();
    return false;
  }
  beast::error_code ec;
  if (!wait_ready(lookup->done.get(), POLLIN, wake_fd, deadline, ec)) {
    error = ec == beast::error::timeout ? "name resolution timed out" : ec.message();
    return false;
  }
  std::lock_guard lock(lookup->mu);
  if (lookup->error != 0) {
    error = std::string("cannot resolve: ") + ::gai_strerror(lookup->error);
    return false;
  }
  if (lookup->endpoints.empty()) {
    error = "name resolved to no address";
    return false;
  }
  out = std::move(lookup->endpoints);
  return true;
}

// A non-blocking connect bounded by `deadline`.
Fd connect_to(const tcp::endpoint& ep, int wake_fd, Clock::time_point deadline, beast::error_code& ec) {
  Fd fd(::socket(ep.protocol().family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) {
    ec = errno_code(errno);
    return {};
  }
  const int one = 1;
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd.get(), ep.data(), static_cast<socklen_t>(ep.size())) == 0) return fd;
  if (errno != EINPROGRESS && errno != EINTR) {
    ec = errno_code(errno);
    return {};
  }
  if (!wait_ready(fd.get(), POLLOUT, wake_fd, deadline, ec)) return {};
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err != 0) {
    ec = errno_code(err);
    return {};
  }
  return fd;
}

bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

// Framing and connection management belong to the client.
bool is_reserved_header(std::string_view name) {
  for (std::string_view r : {"content-length", "transfer-encoding", "connection", "keep-alive", "te", "upgrade", "trailer"})
    if (iequals(name, r)) return true;
  return false;
}

// Methods whose requests carry no Content-Length when the body is empty (RFC 9110 §8.6).
bool bodyless_method(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "DELETE" || m == "OPTIONS" || m == "TRACE" || m == "CONNECT";
}

// "POST /v1.0/invoke/x/method/y" without the query string, for messages.
std::string describe(const ClientRequest& r) {
  return r.method + ' ' + r.target.substr(0, r.target.find('?'));
}

[[noreturn]] void fail(Kind kind, const ClientRequest& r, const std::string& what) {
  throw HttpClientError(kind, describe(r) + ": " + what);
}

}  // namespace

std::string_view to_string(HttpClientError::Kind kind) {
  switch (kind) {
    case Kind::InvalidArgument: return "invalid_argument";
    case Kind::Connect: return "connect";
    case Kind::PoolExhausted: return "pool_exhausted";
    case Kind::Timeout: return "timeout";
    case Kind::Io: return "io";
    case Kind::Protocol: return "protocol";
    case Kind::Shutdown: return "shutdown";
  }
  return "unknown";
}

std::string_view ClientResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

struct HttpClient::Impl {
  explicit Impl(HttpClientOptions o) : opts(std::move(o)) {}

  HttpClientOptions opts;
  std::string authority;               // host[:port] for the Host header
  std::optional<tcp::endpoint> fixed;  // when the host is an IP literal
  Fd wake;                             // eventfd, readable once the destructor started

  mutable std::mutex mu;
  std::condition_variable slot_cv;  // an idle connection or a slot became free, or shutdown
  std::condition_variable gone_cv;  // the last caller left
  std::deque<std::unique_ptr<Connection>> idle;  // back: most recently used (LIFO reuse)
  size_t open = 0;                               // idle + in use + connecting
  size_t waiting = 0;
  size_t callers = 0;
  bool closing = false;

  // Counts a caller in send() so the destructor can wait for it to leave.
  struct Caller {
    explicit Caller(Impl& i) : impl(i) {
      std::lock_guard lock(impl.mu);
      if (impl.closing) throw HttpClientError(Kind::Shutdown, "the HTTP client is shutting down");
      ++impl.callers;
    }
    ~Caller() {
      std::lock_guard lock(impl.mu);
      if (--impl.callers == 0 && impl.closing) impl.gone_cv.notify_all();
    }
    Caller(const Caller&) = delete;
    Caller& operator=(const Caller&) = delete;
    Impl& impl;
  };

  // A connection slot held by one call: either a pooled connection or the
  // right to open a new one. Gives the slot back (closing the connection)
  // unless keep() returned the connection to the pool.
  struct Lease {
    explicit Lease(Impl& i) : impl(i) {}
    ~Lease() {
      if (held) impl.give_back(std::move(conn), false);
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    void keep(bool reusable) {
      held = false;
      impl.give_back(std::move(conn), reusable);
    }
    Impl& impl;
    std::unique_ptr<Connection> conn;  // null: a slot for a new connection
    bool held = false;
  };

  // Takes the most recently used idle connection that is still good, or a
  // slot for a new one (`fresh`: always a new one), waiting for either until
  // `deadline`.
  void acquire(Lease& lease, bool fresh, Clock::time_point deadline, const ClientRequest& req) {
    std::vector<std::unique_ptr<Connection>> doomed;  // closed after the lock is released
    std::unique_lock lock(mu);
    for (;;) {
      if (closing) fail(Kind::Shutdown, req, "the HTTP client is shutting down");
      const auto now = Clock::now();
      // The oldest are at the front; idle ones past idle_timeout are closed.
      while (!idle.empty() && now - idle.front()->idle_since >= opts.idle_timeout) {
        doomed.push_back(std::move(idle.front()));
        idle.pop_front();
        --open;
      }
      while (!fresh && !idle.empty()) {
        auto c = std::move(idle.back());
        idle.pop_back();
        if (looks_usable(*c)) {
          lease.conn = std::move(c);
          lease.held = true;
          return;
        }
        doomed.push_back(std::move(c));
        --open;
      }
      if (open < opts.max_connections) {
        ++open;
        lease.held = true;
        return;
      }
      if (fresh && !idle.empty()) {  // make room: the oldest idle connection gives up its slot
        doomed.push_back(std::move(idle.front()));
        idle.pop_front();
        lease.held = true;
        return;
      }
      if (now >= deadline)
        fail(Kind::PoolExhausted, req,
             "no connection to " + authority + " became free before the deadline (max_connections=" +
                 std::to_string(opts.max_connections) + ")");
      ++waiting;
      slot_cv.wait_until(lock, deadline);
      --waiting;
    }
  }

  void give_back(std::unique_ptr<Connection> c, bool reusable) {
    {
      std::lock_guard lock(mu);
      if (reusable && c && !closing) {
        c->idle_since = Clock::now();
        idle.push_back(std::move(c));
      } else {
        --open;
      }
      slot_cv.notify_one();
    }
    c.reset();  // a discarded connection is closed outside the lock
  }

  // Resolves (unless the host is an IP literal) and connects, trying each
  // address until one answers or the connect deadline passes.
  std::unique_ptr<Connection> connect(Clock::time_point deadline, const ClientRequest& req) {
    const auto connect_deadline = std::min(deadline, Clock::now() + opts.connect_timeout);
    std::vector<tcp::endpoint> endpoints;
    if (fixed) {
      endpoints.push_back(*fixed);
    } else {
      std::string error;
      if (!resolve(opts.host, opts.port, wake.get(), connect_deadline, endpoints, error)) {
        check_closing(req);
        fail(Kind::Connect, req, opts.host + ": " + error);
      }
    }
    beast::error_code ec;
    for (const auto& ep : endpoints) {
      Fd fd = connect_to(ep, wake.get(), connect_deadline, ec);
      if (fd) {
        auto c = std::make_unique<Connection>();
        c->fd = std::move(fd);
        return c;
      }
      if (ec == beast::error::timeout || ec == asio::error::operation_aborted) break;
    }
    check_closing(req);
    fail(Kind::Connect, req,
         "cannot connect to " + authority + ": " + (ec == beast::error::timeout ? "connect timed out" : ec.message()));
  }

  void check_closing(const ClientRequest& req) {
    std::lock_guard lock(mu);
    if (closing) fail(Kind::Shutdown, req, "the HTTP client is shutting down");
  }
};

namespace {

// The Beast request, validated: nothing invalid ever reaches the wire.
http::request<http::string_body> build_request(const ClientRequest& r, const std::string& authority) {
  if (!is_token(r.method)) fail(Kind::InvalidArgument, r, "invalid method");
  if (r.target.empty() || r.target.front() != '/') fail(Kind::InvalidArgument, r, "target must start with '/'");
  for (unsigned char c : r.target)
    if (c <= 0x20 || c >= 0x7f) fail(Kind::InvalidArgument, r, "target has a space, control or non-ASCII byte");
  http::request<http::string_body> req;
  try {
    const auto verb = http::string_to_verb(r.method);
    if (verb == http::verb::unknown) req.method_string(r.method);
    else req.method(verb);
    req.target(r.target);
    req.version(11);
    bool has_host = false;
    for (const auto& [name, value] : r.headers) {
      if (!is_token(name)) fail(Kind::InvalidArgument, r, "invalid header name '" + name + "'");
      if (is_reserved_header(name)) fail(Kind::InvalidArgument, r, "header '" + name + "' is set by the client");
      for (char c : value)
        if (c == '\r' || c == '\n' || c == '\0') fail(Kind::InvalidArgument, r, "header '" + name + "' has a CR, LF or NUL");
      has_host = has_host || iequals(name, "host");
      req.insert(name, value);
    }
    if (!has_host) req.set(http::field::host, authority);
    req.set(http::field::connection, "keep-alive");
    if (!r.body.empty() || !bodyless_method(r.method)) req.content_length(r.body.size());
    req.body() = r.body;
  } catch (const HttpClientError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {  // Beast's limits on field sizes
    fail(Kind::InvalidArgument, r, e.what());
  }
  return req;
}

}  // namespace

HttpClient::HttpClient(HttpClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  auto& impl = *impl_;
  const auto& o = impl.opts;
  auto invalid = [](const std::string& what) { throw HttpClientError(Kind::InvalidArgument, "HttpClientOptions: " + what); };
  if (o.host.empty()) invalid("host is empty");
  if (o.port == 0) invalid("port is 0");
  if (o.max_connections == 0) invalid("max_connections is 0");
  if (o.connect_timeout.count() <= 0 || o.request_timeout.count() <= 0 || o.idle_timeout.count() <= 0)
    invalid("timeouts must be positive");
  if (o.host.find_first_of(" \t\r\n/") != std::string::npos) invalid("host '" + o.host + "' is not a host name");
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(o.host, ec);
  if (!ec) {
    impl.fixed = tcp::endpoint(address, o.port);
    impl.authority = (address.is_v6() ? "[" + o.host + "]" : o.host) + ":" + std::to_string(o.port);
  } else {
    impl.authority = o.host + ":" + std::to_string(o.port);
  }
  impl.wake = Fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!impl.wake) throw HttpClientError(Kind::InvalidArgument, "HttpClient: cannot create eventfd: " + errno_code(errno).message());
}

HttpClient::~HttpClient() {
  auto& impl = *impl_;
  {
    std::lock_guard lock(impl.mu);
    impl.closing = true;
  }
  const uint64_t one = 1;
  (void)!::write(impl.wake.get(), &one, sizeof one);  // wakes every poll() of every call
  impl.slot_cv.notify_all();
  std::unique_lock lock(impl.mu);
  impl.gone_cv.wait(lock, [&] { return impl.callers == 0; });
  impl.idle.clear();
  impl.open = 0;
}

const HttpClientOptions& HttpClient::options() const { return impl_->opts; }

HttpClient::PoolStats HttpClient::pool_stats() const {
  std::lock_guard lock(impl_->mu);
  return PoolStats{impl_->open, impl_->idle.size(), impl_->waiting};
}

ClientResponse HttpClient::send(const ClientRequest& request) {
  auto& impl = *impl_;
  const auto timeout = request.timeout.value_or(impl.opts.request_timeout);
  if (timeout.count() <= 0) fail(Kind::InvalidArgument, request, "timeout must be positive");
  const auto deadline = Clock::now() + std::min<std::chrono::milliseconds>(timeout, kMaxTimeout);
  auto beast_req = build_request(request, impl.authority);
  const bool head = request.method == "HEAD";
  const std::string timeout_text = std::to_string(timeout.count()) + " ms";

  try {
    Impl::Caller caller(impl);
    bool fresh = false;
    for (int attempt = 0;; ++attempt) {
      Impl::Lease lease(impl);
      impl.acquire(lease, fresh, deadline, request);
      if (!lease.conn) lease.conn = impl.connect(deadline, request);
      const bool reused = lease.conn->requests > 0;

      DeadlineStream stream(lease.conn->fd.get(), impl.wake.get(), deadline);
      beast::error_code ec;
      http::write(stream, beast_req, ec);
      beast::flat_buffer buffer;
      std::optional<http::response_parser<http::string_body>> parser;
      for (int interim = 0; !ec; ++interim) {
        parser.emplace();
        parser->header_limit(static_cast<std::uint32_t>(kHeaderLimit));
        parser->body_limit(impl.opts.max_response_body);
        if (head) parser->skip(true);
        http::read(stream, buffer, *parser, ec);
        if (ec) break;
        const unsigned status = parser->get().result_int();
        if (status >= 200) break;
        // 1xx: an interim answer (100 Continue, 103 Early Hints); the real one follows.
        if (status == 101) fail(Kind::Protocol, request, "unexpected 101 Switching Protocols");
        if (interim + 1 >= kMaxInterimResponses) fail(Kind::Protocol, request, "too many 1xx responses");
      }

      if (!ec) {
        auto& res = parser->get();
        ClientResponse out;
        out.status = static_cast<int>(res.result_int());
        out.headers.reserve(16);
        for (const auto& f : res) out.headers.emplace_back(core::ascii_lower(f.name_string()), std::string(f.value()));
        out.body = std::move(res.body());
        // Reusable only when the server keeps it open, the body was delimited
        // by length or chunking, and it sent nothing past this response.
        const bool reusable = parser->keep_alive() && buffer.size() == 0;
        ++lease.conn->requests;
        lease.keep(reusable);
        return out;
      }

      // The connection is closed when the lease goes out of scope.
      if (ec == asio::error::operation_aborted) fail(Kind::Shutdown, request, "the HTTP client is shutting down");
      if (ec == beast::error::timeout)
        fail(Kind::Timeout, request, "no complete response from " + impl.authority + " within " + timeout_text);
      if (ec == http::error::body_limit)
        fail(Kind::Protocol, request,
             "response body larger than max_response_body (" + std::to_string(impl.opts.max_response_body) + " bytes)");
      if (ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
          ec != http::error::end_of_stream)
        fail(Kind::Protocol, request, "invalid response from " + impl.authority + ": " + ec.message());
      if (stream.bytes_read() > 0)
        fail(Kind::Protocol, request, "connection to " + impl.authority + " failed mid-response: " + ec.message());
      // Nothing of a response arrived. On a reused keep-alive connection that
      // is the server having closed it while idle: one retry, on a new one.
      if (reused && attempt == 0) {
        fresh = true;
        continue;
      }
      fail(Kind::Io, request, "connection to " + impl.authority + " failed before a response: " + ec.message());
    }
  } catch (const HttpClientError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {  // nothing else is expected; keep the promise anyway
    fail(Kind::Io, request, std::string("unexpected failure: ") + e.what());
  }
}

}  // namespace todo::net
