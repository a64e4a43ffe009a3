// The WebSocket side of the server: one session per upgraded connection with
// a bounded write queue (one write in flight, as in Beast's chat-multi
// example), keep-alive pings, and close codes 1001 (shutdown) and 1013
// (client too slow to drain its queue).
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/system_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>

#include "net/detail/server_impl.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace todo::net {
namespace {

namespace websocket = beast::websocket;

class WsSession : public WsConnection, public Tracked, public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(HttpServer::Impl& impl, beast::tcp_stream stream, WsAccept accept)
      : impl_(impl),
        ws_(std::move(stream)),
        accept_(std::move(accept)),
        kill_timer_(ws_.get_executor()),
        expiry_timer_(ws_.get_executor()) {}

  void run(http::request<http::string_body> req) {
    beast::get_lowest_layer(ws_).expires_never();  // the websocket stream runs its own timers
    if (impl_.opts.ws.socket_send_buffer > 0) {
      // Bounds kernel memory per connection; a client that stops reading then
      // shows up in our bounded queue quickly instead of after megabytes.
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().set_option(
          asio::socket_base::send_buffer_size(impl_.opts.ws.socket_send_buffer), ignored);
    }
    websocket::stream_base::timeout t{};
    t.handshake_timeout = std::chrono::seconds(10);
    t.idle_timeout = impl_.opts.ws.ping_interval * 2;
    t.keep_alive_pings = true;  // ping after half the idle timeout, close after all of it
    ws_.set_option(t);
    ws_.read_message_max(impl_.opts.ws.max_incoming_message);
    ws_.set_option(websocket::stream_base::decorator([protocol = accept_.protocol](websocket::response_type& res) {
      res.set(http::field::server, "todo-platform");
      if (!protocol.empty()) res.set(http::field::sec_websocket_protocol, protocol);
    }));
    ws_.async_accept(req, [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
  }

  const std::string& user_id() const override { return accept_.user_id; }

  void send(std::shared_ptr<const std::string> text) override {
    asio::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
      if (self->closing_ || !self->open_) return;
      if (self->queue_.size() >= self->impl_.opts.ws.send_queue_limit) {
        obs::warn("websocket", "send queue overflow, closing slow client", {{"user_id", self->user_id()}});
        obs::metrics().counter("ws_slow_client_closes_total", "WebSocket connections closed for a full send queue").inc();
        self->begin_close(ws_close::kTryAgainLater, "send queue overflow");
        return;
      }
      self->queue_.push_back(std::move(text));
      if (!self->writing_) self->write_next();
    });
  }

  void close(uint16_t code, std::string_view reason) override {
    asio::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::string(reason)] {
      self->begin_close(code, reason);
    });
  }

  void shutdown() override { close(ws_close::kGoingAway, "server shutting down"); }

  uint64_t id = 0;

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return finish();
    open_ = true;
    obs::metrics().gauge("ws_connections", "Live WebSocket connections").inc();
    if (impl_.stopping) {
      begin_close(ws_close::kGoingAway, "server shutting down");
    } else {
      impl_.ws->on_open(shared_from_this());
      if (accept_.expires_at) {
        expiry_timer_.expires_at(*accept_.expires_at);
        expiry_timer_.async_wait([self = shared_from_this()](beast::error_code timer_ec) {
          if (!timer_ec) self->begin_close(ws_close::kPolicyViolation, "token expired");
        });
      }
    }
    read_next();
  }

  // Reads keep control frames (pong, close) flowing; client messages are ignored.
  void read_next() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->finish();
      self->buffer_.consume(self->buffer_.size());
      self->read_next();
    });
  }

  void write_next() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()), [self = shared_from_this()](beast::error_code ec, size_t) {
      self->writing_ = false;
      if (ec) return self->force_close();
      if (!self->queue_.empty()) self->queue_.pop_front();
      if (self->close_code_) return self->send_close();
      if (!self->queue_.empty()) self->write_next();
    });
  }

  void begin_close(uint16_t code, std::string_view reason) {
    if (closing_) return;
    closing_ = true;
    close_code_ = code;
    close_reason_ = std::string(reason);
    if (!open_) return;  // the handshake has not finished; finish() will run
    if (code == ws_close::kTryAgainLater) {
      // Nothing more goes to a client that cannot keep up; the frame being
      // written stays alive until its write completes.
      queue_.erase(writing_ && !queue_.empty() ? queue_.begin() + 1 : queue_.begin(), queue_.end());
    }
    // A client that stopped reading may never let the in-flight write finish:
    // give it a few seconds to take the close frame, then drop the socket.
    kill_timer_.expires_after(std::chrono::seconds(5));
    kill_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->force_close();
    });
    if (!writing_) send_close();
  }

  void send_close() {
    queue_.clear();
    websocket::close_reason cr{static_cast<websocket::close_code>(*close_code_), close_reason_};
    ws_.async_close(cr, [self = shared_from_this()](beast::error_code) {
      // The read loop sees the peer's close (or the error) and finishes.
    });
  }

  void force_close() {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    kill_timer_.cancel();
    expiry_timer_.cancel();
    if (open_) {
      obs::metrics().gauge("ws_connections", "Live WebSocket connections").dec();
      impl_.ws->on_close(*this);
    }
    force_close();
    impl_.untrack(id);
    --impl_.connections;
  }

  HttpServer::Impl& impl_;
  websocket::stream<beast::tcp_stream> ws_;
  WsAccept accept_;
  asio::steady_timer kill_timer_;
  asio::system_timer expiry_timer_;
  beast::flat_buffer buffer_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool open_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool finished_ = false;
  std::optional<uint16_t> close_code_;
  std::string close_reason_;
};

}  // namespace

void start_websocket(HttpServer::Impl& impl, beast::tcp_stream stream, http::request<http::string_body> req,
                     WsAccept accept) {
  auto session = std::make_shared<WsSession>(impl, std::move(stream), std::move(accept));
  session->id = impl.track(session);
  ++impl.connections;
  session->run(std::move(req));
}

}  // namespace todo::net
