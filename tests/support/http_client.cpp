#include "http_client.h"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <stdexcept>

#include "net/http.h"

namespace todo::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using net::iequals;

namespace {

void set_timeout(tcp::socket& s, std::chrono::milliseconds t) {
  timeval tv{static_cast<time_t>(t.count() / 1000), static_cast<suseconds_t>((t.count() % 1000) * 1000)};
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

HttpResult to_result(http::response<http::string_body>& res) {
  HttpResult r;
  r.status = static_cast<int>(res.result_int());
  for (const auto& f : res) r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  r.body = std::move(res.body());
  return r;
}

}  // namespace

std::string HttpResult::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

boost::json::value HttpResult::json() const { return boost::json::parse(body); }

struct HttpClient::Impl {
  std::string host;
  uint16_t port;
  asio::io_context ioc;
  std::optional<tcp::socket> socket;
  beast::flat_buffer buffer;

  void connect() {
    socket.emplace(ioc);
    socket->connect(tcp::endpoint(asio::ip::make_address(host), port));
    socket->set_option(tcp::no_delay(true));
    set_timeout(*socket, std::chrono::seconds(30));
    buffer.clear();
  }
};

HttpClient::HttpClient(uint16_t port, std::string host) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

HttpResult HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                               const HeaderList& headers) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, impl_->host);
  if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
  bool has_type = false;
  for (const auto& [k, v] : headers) {
    req.set(k, v);
    has_type = has_type || iequals(k, "content-type");
  }
  if (!body.empty() && !has_type) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!impl_->socket || !impl_->socket->is_open()) impl_->connect();
      http::write(*impl_->socket, req);
      http::response_parser<http::string_body> parser;
      parser.body_limit(64 * 1024 * 1024);
      if (method == "HEAD") parser.skip(true);
      http::read(*impl_->socket, impl_->buffer, parser);
      auto res = parser.release();
      if (!res.keep_alive()) impl_->socket.reset();
      return to_result(res);
    } catch (const std::exception&) {
      impl_->socket.reset();  // a keep-alive connection the server closed: retry once on a new one
      if (attempt == 1) throw;
    }
  }
  throw std::runtime_error("unreachable");
}

HttpResult HttpClient::post(const std::string& target, const boost::json::value& body, const HeaderList& h) {
  return request("POST", target, boost::json::serialize(body), h);
}
HttpResult HttpClient::patch(const std::string& target, const boost::json::value& body, const HeaderList& h) {
  return request("PATCH", target, boost::json::serialize(body), h);
}
HttpResult HttpClient::put(const std::string& target, const boost::json::value& body, const HeaderList& h) {
  return request("PUT", target, boost::json::serialize(body), h);
}

HttpResult HttpClient::raw(const std::string& bytes, std::chrono::milliseconds timeout) {
  asio::io_context ioc;
  tcp::socket s(ioc);
  s.connect(tcp::endpoint(asio::ip::make_address(impl_->host), impl_->port));
  set_timeout(s, timeout);
  beast::error_code ec;
  asio::write(s, asio::buffer(bytes), ec);
  beast::flat_buffer buf;
  http::response_parser<http::string_body> parser;
  http::read(s, buf, parser, ec);
  if (ec && !parser.is_header_done()) return HttpResult{};
  auto res = parser.release();
  return to_result(res);
}

struct WsClient::Impl {
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
};

namespace {

void upgrade(websocket::stream<tcp::socket>& ws, uint16_t port, const std::string& target, const std::string& protocol,
             websocket::response_type& res, int receive_buffer = 0) {
  ws.next_layer().open(tcp::v4());
  if (receive_buffer > 0) ws.next_layer().set_option(asio::socket_base::receive_buffer_size(receive_buffer));
  ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  set_timeout(ws.next_layer(), std::chrono::seconds(10));
  ws.set_option(websocket::stream_base::decorator([protocol](websocket::request_type& req) {
    if (!protocol.empty()) req.set(http::field::sec_websocket_protocol, protocol);
  }));
  ws.handshake(res, "127.0.0.1:" + std::to_string(port), target);
}

}  // namespace

WsClient::WsClient(uint16_t port, const std::string& target, const std::string& protocol, int receive_buffer)
    : impl_(std::make_unique<Impl>()) {
  websocket::response_type res;
  try {
    upgrade(impl_->ws, port, target, protocol, res, receive_buffer);
  } catch (const std::exception& e) {
    throw std::runtime_error("upgrade refused with HTTP " + std::to_string(res.result_int()) + ": " + e.what());
  }
  accepted_protocol_ = std::string(res[http::field::sec_websocket_protocol]);
  // Reads block without a deadline from here on; next_frame/wait_closed give the deadlines.
  set_timeout(impl_->ws.next_layer(), std::chrono::milliseconds(0));
}

WsClient::~WsClient() {
  beast::error_code ec;
  impl_->ws.next_layer().shutdown(tcp::socket::shutdown_both, ec);
  impl_->ws.next_layer().close(ec);
  if (thread_.joinable()) thread_.join();
}

void WsClient::start_reading() {
  if (!thread_.joinable()) thread_ = std::thread([this] { reader(); });
}

void WsClient::reader() {
  beast::flat_buffer buf;
  for (;;) {
    beast::error_code ec;
    impl_->ws.read(buf, ec);
    std::lock_guard lock(mu_);
    if (ec) {
      ended_ = true;
      close_code_ = ec == websocket::error::closed ? static_cast<int>(impl_->ws.reason().code) : 0;
      cv_.notify_all();
      return;
    }
    frames_.push_back(beast::buffers_to_string(buf.data()));
    ++received_;
    buf.consume(buf.size());
    cv_.notify_all();
  }
}

std::optional<std::string> WsClient::next_frame(std::chrono::milliseconds timeout) {
  start_reading();
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, timeout, [this] { return !frames_.empty() || ended_; })) return std::nullopt;
  if (frames_.empty()) return std::nullopt;
  auto f = std::move(frames_.front());
  frames_.pop_front();
  return f;
}

std::optional<int> WsClient::wait_closed(std::chrono::milliseconds timeout) {
  start_reading();
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, timeout, [this] { return ended_; })) return std::nullopt;
  return close_code_;
}

size_t WsClient::frames_received() const {
  std::lock_guard lock(mu_);
  return received_;
}

int websocket_upgrade_status(uint16_t port, const std::string& target, const std::string& protocol) {
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  websocket::response_type res;
  try {
    upgrade(ws, port, target, protocol, res);
  } catch (const std::exception&) {
  }
  return static_cast<int>(res.result_int());
}

}  // namespace todo::test
