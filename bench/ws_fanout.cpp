// Opens N WebSocket connections of one user to a running platform, waits
// until every one got its hello, then (after a line on stdin, so the caller
// can read the server's memory in between) creates one task over HTTP and
// reports how long until every connection received its task.created frame.
//
//   ws_fanout <port> <user id> <token> <connections>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
  size_t opened = 0, hello = 0, failed = 0, got_event = 0;
  Clock::time_point sent{};
  std::vector<double> latencies_ms;
};

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  Conn(asio::io_context& ioc, Stats& stats) : ws_(ioc), stats_(stats) {}

  void start(const tcp::endpoint& ep, const std::string& target) {
    target_ = target;
    beast::get_lowest_layer(ws_).async_connect(ep, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail();
      self->ws_.async_handshake("127.0.0.1", self->target_, [self](beast::error_code ec2) {
        if (ec2) return self->fail();
        ++self->stats_.opened;
        self->read();
      });
    });
  }

 private:
  void read() {
    ws_.async_read(buf_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->fail();
      const auto text = beast::buffers_to_string(self->buf_.data());
      self->buf_.consume(self->buf_.size());
      if (text.find("\"hello\"") != std::string::npos) {
        ++self->stats_.hello;
      } else if (text.find("task.created") != std::string::npos && !self->seen_) {
        self->seen_ = true;
        ++self->stats_.got_event;
        self->stats_.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - self->stats_.sent).count());
      }
      self->read();
    });
  }
  void fail() { ++stats_.failed; }

  websocket::stream<tcp::socket> ws_;
  beast::flat_buffer buf_;
  Stats& stats_;
  std::string target_;
  bool seen_ = false;
};

// Runs the io_context until `done` or the deadline.
template <typename Pred>
bool run_until(asio::io_context& ioc, Pred done, std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  while (!done() && Clock::now() < deadline) {
    ioc.restart();
    ioc.run_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: ws_fanout <port> <user id> <token> <connections>\n");
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::stoi(argv[1]));
  const std::string user = argv[2], token = argv[3];
  const size_t n = std::stoul(argv[4]);
  asio::io_context ioc;
  Stats stats;
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
  std::vector<std::shared_ptr<Conn>> conns;
  conns.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    conns.push_back(std::make_shared<Conn>(ioc, stats));
    conns.back()->start(ep, "/ws?token=" + token);
    if (i % 200 == 199) run_until(ioc, [&] { return stats.hello + stats.failed >= i + 1; }, std::chrono::seconds(30));
  }
  if (!run_until(ioc, [&] { return stats.hello + stats.failed >= n; }, std::chrono::seconds(60)) || stats.failed) {
    std::printf("connected %zu of %zu (failed %zu)\n", stats.hello, n, stats.failed);
    return 1;
  }
  std::printf("connected %zu\n", stats.hello);
  std::fflush(stdout);
  std::string line;
  std::getline(std::cin, line);  // the caller measures memory now

  // One task created over HTTP: every connection of the user gets its frame.
  tcp::socket http(ioc);
  http.connect(ep);
  beast::http::request<beast::http::string_body> req{beast::http::verb::post, "/api/" + user + "/tasks", 11};
  req.set(beast::http::field::host, "127.0.0.1");
  req.set(beast::http::field::authorization, "Bearer " + token);
  req.set(beast::http::field::content_type, "application/json");
  req.body() = R"({"title":"fan-out"})";
  req.prepare_payload();
  stats.sent = Clock::now();
  beast::http::write(http, req);
  beast::flat_buffer hb;
  beast::http::response<beast::http::string_body> res;
  beast::http::read(http, hb, res);
  if (res.result_int() != 201) {
    std::printf("create failed: %u %s\n", res.result_int(), res.body().c_str());
    return 1;
  }
  run_until(ioc, [&] { return stats.got_event >= n; }, std::chrono::seconds(30));
  auto& l = stats.latencies_ms;
  std::sort(l.begin(), l.end());
  if (l.size() < n) {
    std::printf("only %zu of %zu connections got the event\n", l.size(), n);
    return 1;
  }
  std::printf("fanout connections=%zu p50_ms=%.2f p99_ms=%.2f last_ms=%.2f\n", n, l[l.size() / 2],
              l[std::min(l.size() - 1, l.size() * 99 / 100)], l.back());
  return 0;
}
