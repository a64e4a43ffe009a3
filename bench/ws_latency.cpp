// End-to-end latency: POST /api/{user}/tasks → the task.created frame at that
// user's WebSocket connection, at a fixed request rate (open loop: requests
// are sent on schedule whether or not earlier ones finished, and latency
// counts from the scheduled time, so a stall is not hidden).
//
//   ws_latency <port> <users file> <requests per second> <seconds> [created file]
//
// <users file>: one "<user id> <token>" a line; requests go to the users
// round-robin, each user has one WebSocket open. Prints: sent, received,
// achieved rate, p50/p99/max latency in ms. With a created file, also writes
// one line per created task, "<task id>,<scheduled send time in µs since the
// epoch>", for latencies measured in the database afterwards (create → audit
// entry, bench/run).
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct User {
  std::string id, token;
};

struct Shared {
  std::vector<User> users;
  std::unordered_map<std::string, Clock::time_point> sent;  // title -> scheduled send time
  std::vector<double> latencies_ms;
  size_t errors = 0;
  std::deque<std::pair<std::string, size_t>> backlog;         // (title, user) waiting for a free connection
  std::unordered_map<std::string, long long> scheduled_us;  // title -> scheduled send time (wall clock)
  std::vector<std::pair<std::string, long long>> created;   // task id, scheduled send time
};

// One keep-alive HTTP connection sending queued creates one at a time.
class Sender : public std::enable_shared_from_this<Sender> {
 public:
  Sender(asio::io_context& ioc, Shared& s) : socket_(ioc), s_(s) {}
  void connect(const tcp::endpoint& ep) {
    ep_ = ep;
    socket_.connect(ep);
  }
  bool idle() const { return idle_; }
  void send(const std::string& title, size_t user) {
    idle_ = false;
    const auto& u = s_.users[user];
    req_ = {http::verb::post, "/api/" + u.id + "/tasks", 11};
    req_.set(http::field::host, "127.0.0.1");
    req_.set(http::field::authorization, "Bearer " + u.token);
    req_.set(http::field::content_type, "application/json");
    req_.body() = "{\"title\":\"" + title + "\"}";
    req_.prepare_payload();
    title_ = title;
    sent_at_ = Clock::now();
    http::async_write(socket_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->fail("write: " + ec.message(), true);
      self->res_ = {};
      http::async_read(self->socket_, self->buf_, self->res_, [self](beast::error_code ec2, size_t) {
        if (ec2) return self->fail("read: " + ec2.message(), true);
        if (self->res_.result_int() != 201)
          return self->fail("status " + std::to_string(self->res_.result_int()) + ": " + self->res_.body(), !self->res_.keep_alive());
        self->created();
        // nginx ends a client connection after its 1,000th request
        // (keepalive_requests) with "Connection: close" on the answer.
        if (!self->res_.keep_alive()) self->reconnect();
        self->next();
      });
    });
  }

  // A request still waiting for its answer: its title and how long it has waited.
  std::optional<std::pair<std::string, double>> waiting(Clock::time_point now) const {
    if (idle_) return std::nullopt;
    return std::pair{title_, std::chrono::duration<double>(now - sent_at_).count()};
  }

 private:
  void next() {
    idle_ = true;
    if (!s_.backlog.empty()) {
      auto [title, user] = std::move(s_.backlog.front());
      s_.backlog.pop_front();
      send(title, user);
    }
  }
  // Says why (the bench keeps stderr), and starts a new connection when the
  // old one may be unusable, as any client would.
  void fail(const std::string& why, bool new_connection) {
    ++s_.errors;
    std::fprintf(stderr, "ws_latency: %s failed: %s\n", title_.c_str(), why.c_str());
    if (new_connection) reconnect();
    next();
  }
  void reconnect() {
    beast::error_code ignored;
    socket_.close(ignored);
    buf_.clear();
    socket_.connect(ep_, ignored);
  }
  // Location: /api/<user>/tasks/<id>
  void created() {
    const auto location = std::string(res_[http::field::location]);
    auto it = s_.scheduled_us.find(title_);
    if (location.empty() || it == s_.scheduled_us.end()) return;
    s_.created.emplace_back(location.substr(location.rfind('/') + 1), it->second);
    s_.scheduled_us.erase(it);
  }
  tcp::socket socket_;
  tcp::endpoint ep_;
  Shared& s_;
  std::string title_;
  Clock::time_point sent_at_{};
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
  beast::flat_buffer buf_;
  bool idle_ = true;
};

// A user's WebSocket: each task.created frame of ours ends one latency.
class Listener {
 public:
  Listener(asio::io_context& ioc, Shared& s) : ws_(ioc), s_(s) {}
  void open(const tcp::endpoint& ep, const std::string& token) {
    ws_.next_layer().connect(ep);
    ws_.handshake("127.0.0.1", "/ws?token=" + token);
    read();
  }

 private:
  void read() {
    ws_.async_read(buf_, [this](beast::error_code ec, size_t) {
      if (ec) return;
      const auto now = Clock::now();
      const auto text = beast::buffers_to_string(buf_.data());
      buf_.consume(buf_.size());
      const auto at = text.find("\"title\":\"lat-");
      if (text.find("task.created") != std::string::npos && at != std::string::npos) {
        const auto start = at + 9;
        const auto title = text.substr(start, text.find('"', start) - start);
        if (auto it = s_.sent.find(title); it != s_.sent.end()) {
          s_.latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - it->second).count());
          s_.sent.erase(it);
        }
      }
      read();
    });
  }
  websocket::stream<tcp::socket> ws_;
  beast::flat_buffer buf_;
  Shared& s_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::fprintf(stderr, "usage: ws_latency <port> <users file> <requests per second> <seconds> [created file]\n");
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::stoi(argv[1]));
  Shared s;
  if (FILE* f = std::fopen(argv[2], "r")) {
    char id[128], token[2048];
    while (std::fscanf(f, "%127s %2047s", id, token) == 2) s.users.push_back({id, token});
    std::fclose(f);
  }
  if (s.users.empty()) {
    std::fprintf(stderr, "ws_latency: no users in %s\n", argv[2]);
    return 2;
  }
  const double rate = std::stod(argv[3]);
  const double seconds = std::stod(argv[4]);
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
  asio::io_context ioc;

  std::vector<std::unique_ptr<Listener>> listeners;
  for (const auto& u : s.users) {
    listeners.push_back(std::make_unique<Listener>(ioc, s));
    listeners.back()->open(ep, u.token);
  }
  std::vector<std::shared_ptr<Sender>> senders;
  for (int i = 0; i < 32; ++i) {
    senders.push_back(std::make_shared<Sender>(ioc, s));
    senders.back()->connect(ep);
  }

  const auto total = static_cast<size_t>(rate * seconds);
  const auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
  const auto start = Clock::now();
  const auto start_wall_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  asio::steady_timer pace(ioc);
  size_t issued = 0;
  std::function<void()> tick = [&] {
    // Issue every request whose scheduled time has come.
    while (issued < total && start + interval * static_cast<long>(issued) <= Clock::now()) {
      const auto title = "lat-" + std::to_string(issued);
      const auto offset = interval * static_cast<long>(issued);
      s.sent[title] = start + offset;  // latency counts from the schedule
      s.scheduled_us[title] = start_wall_us + std::chrono::duration_cast<std::chrono::microseconds>(offset).count();
      const size_t user = issued % s.users.size();
      ++issued;
      auto idle = std::find_if(senders.begin(), senders.end(), [](const auto& x) { return x->idle(); });
      if (idle != senders.end()) (*idle)->send(title, user);
      else s.backlog.emplace_back(title, user);
    }
    if (issued < total) {
      pace.expires_at(start + interval * static_cast<long>(issued));
      pace.async_wait([&](beast::error_code) { tick(); });
    }
  };
  tick();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds + 10));
  while (Clock::now() < deadline && (issued < total || !s.sent.empty())) ioc.run_for(std::chrono::milliseconds(50));

  if (argc == 6) {
    if (FILE* f = std::fopen(argv[5], "w")) {
      for (const auto& [id, at] : s.created) std::fprintf(f, "%s,%lld\n", id.c_str(), at);
      std::fclose(f);
    }
  }
  auto& l = s.latencies_ms;
  std::sort(l.begin(), l.end());
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (l.empty()) {
    std::printf("no frames received (errors %zu)\n", s.errors);
    return 1;
  }
  std::printf("latency users=%zu requests=%zu received=%zu errors=%zu rate=%.0f/s p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
              s.users.size(), issued, l.size(), s.errors, static_cast<double>(issued) / std::min(elapsed, seconds),
              l[l.size() / 2], l[std::min(l.size() - 1, l.size() * 99 / 100)], l.back());
  for (const auto& sender : senders)
    if (auto w = sender->waiting(Clock::now()))
      std::printf("no answer to %s after %.1f s\n", w->first.c_str(), w->second);
  if (!s.backlog.empty()) std::printf("%zu requests never sent (no free connection)\n", s.backlog.size());
  int shown = 0;
  for (const auto& [title, at] : s.sent)
    if (shown++ < 5) std::printf("missing frame for %s\n", title.c_str());
  return l.size() == issued && s.errors == 0 ? 0 : 1;
}
