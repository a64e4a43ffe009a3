// End-to-end latency: POST /api/{user}/tasks → the task.created frame at the
// user's WebSocket connection, at a fixed request rate (open loop: requests
// are sent on schedule whether or not earlier ones finished).
//
//   ws_latency <port> <user id> <token> <requests per second> <seconds>
//
// Prints: sent, received, achieved rate, p50/p99/max latency in ms.
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
#include <memory>
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

struct Shared {
  std::string user, token;
  std::unordered_map<std::string, Clock::time_point> sent;  // title -> send time
  std::vector<double> latencies_ms;
  size_t errors = 0;
  std::deque<std::string> backlog;  // titles waiting for a free connection
};

// One keep-alive HTTP connection sending queued creates one at a time.
class Sender : public std::enable_shared_from_this<Sender> {
 public:
  Sender(asio::io_context& ioc, Shared& s) : socket_(ioc), s_(s) {}
  void connect(const tcp::endpoint& ep) { socket_.connect(ep); }
  bool idle() const { return idle_; }
  void send(const std::string& title) {
    idle_ = false;
    req_ = {http::verb::post, "/api/" + s_.user + "/tasks", 11};
    req_.set(http::field::host, "127.0.0.1");
    req_.set(http::field::authorization, "Bearer " + s_.token);
    req_.set(http::field::content_type, "application/json");
    req_.body() = "{\"title\":\"" + title + "\"}";
    req_.prepare_payload();
    http::async_write(socket_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->fail();
      self->res_ = {};
      http::async_read(self->socket_, self->buf_, self->res_, [self](beast::error_code ec2, size_t) {
        if (ec2 || self->res_.result_int() != 201) return self->fail();
        self->next();
      });
    });
  }

 private:
  void next() {
    idle_ = true;
    if (!s_.backlog.empty()) {
      auto title = std::move(s_.backlog.front());
      s_.backlog.pop_front();
      send(title);
    }
  }
  void fail() {
    ++s_.errors;
    next();
  }
  tcp::socket socket_;
  Shared& s_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
  beast::flat_buffer buf_;
  bool idle_ = true;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: ws_latency <port> <user id> <token> <requests per second> <seconds>\n");
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::stoi(argv[1]));
  Shared s;
  s.user = argv[2];
  s.token = argv[3];
  const double rate = std::stod(argv[4]);
  const double seconds = std::stod(argv[5]);
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
  asio::io_context ioc;

  websocket::stream<tcp::socket> ws(ioc);
  ws.next_layer().connect(ep);
  ws.handshake("127.0.0.1", "/ws?token=" + s.token);
  beast::flat_buffer wbuf;
  std::function<void()> read_frame = [&] {
    ws.async_read(wbuf, [&](beast::error_code ec, size_t) {
      if (ec) return;
      const auto now = Clock::now();
      const auto text = beast::buffers_to_string(wbuf.data());
      wbuf.consume(wbuf.size());
      const auto at = text.find("\"title\":\"lat-");
      if (text.find("task.created") != std::string::npos && at != std::string::npos) {
        const auto start = at + 9;
        const auto title = text.substr(start, text.find('"', start) - start);
        if (auto it = s.sent.find(title); it != s.sent.end()) {
          s.latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - it->second).count());
          s.sent.erase(it);
        }
      }
      read_frame();
    });
  };
  read_frame();

  std::vector<std::shared_ptr<Sender>> senders;
  for (int i = 0; i < 32; ++i) {
    senders.push_back(std::make_shared<Sender>(ioc, s));
    senders.back()->connect(ep);
  }

  const auto total = static_cast<size_t>(rate * seconds);
  const auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
  const auto start = Clock::now();
  asio::steady_timer pace(ioc);
  size_t issued = 0;
  std::function<void()> tick = [&] {
    // Issue every request whose scheduled time has come.
    while (issued < total && start + interval * static_cast<long>(issued) <= Clock::now()) {
      const auto title = "lat-" + std::to_string(issued);
      s.sent[title] = start + interval * static_cast<long>(issued);  // latency counts from the schedule
      ++issued;
      auto idle = std::find_if(senders.begin(), senders.end(), [](const auto& x) { return x->idle(); });
      if (idle != senders.end()) (*idle)->send(title);
      else s.backlog.push_back(title);
    }
    if (issued < total) {
      pace.expires_at(start + interval * static_cast<long>(issued));
      pace.async_wait([&](beast::error_code) { tick(); });
    }
  };
  tick();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds + 10));
  while (Clock::now() < deadline && (issued < total || !s.sent.empty())) ioc.run_for(std::chrono::milliseconds(50));

  auto& l = s.latencies_ms;
  std::sort(l.begin(), l.end());
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (l.empty()) {
    std::printf("no frames received (errors %zu)\n", s.errors);
    return 1;
  }
  std::printf("latency requests=%zu received=%zu errors=%zu rate=%.0f/s p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n", issued,
              l.size(), s.errors, static_cast<double>(issued) / std::min(elapsed, seconds), l[l.size() / 2],
              l[std::min(l.size() - 1, l.size() * 99 / 100)], l.back());
  int shown = 0;
  for (const auto& [title, at] : s.sent)
    if (shown++ < 5) std::printf("missing frame for %s\n", title.c_str());
  return l.size() == issued && s.errors == 0 ? 0 : 1;
}
