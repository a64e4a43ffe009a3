#include "runtime/eventlog/pg_notifier.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "db/connection.h"
#include "db/error.h"
#include "obs/log.h"

namespace todo::runtime::eventlog {

PgNotifier::PgNotifier(std::string url, std::function<void(std::string_view)> on_wake, std::string channel)
    : url_(std::move(url)), on_wake_(std::move(on_wake)), channel_(std::move(channel)) {
  if (::pipe2(pipe_, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
}

PgNotifier::~PgNotifier() {
  stop();
  ::close(pipe_[0]);
  ::close(pipe_[1]);
}

void PgNotifier::start() { thread_ = std::thread([this] { run(); }); }

void PgNotifier::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  poke();
  if (thread_.joinable()) thread_.join();
}

void PgNotifier::poke() {
  const char b = 1;
  [[maybe_unused]] auto n = ::write(pipe_[1], &b, 1);  // a full pipe already means "wake up"
}

void PgNotifier::notify(std::string_view topic) {
  {
    std::lock_guard lock(mu_);
    if (!pending_.insert(std::string(topic)).second) return;  // already queued
  }
  poke();
}

void PgNotifier::run() {
  using Clock = std::chrono::steady_clock;
  db::Connection conn(url_);
  bool listening = false;
  auto backoff = std::chrono::milliseconds(100);
  Clock::time_point next_send{};  // the end of the interval after the last NOTIFY
  for (;;) {
    std::set<std::string> to_send;
    std::chrono::milliseconds wait{5000};  // nothing to send: just listen
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      if (!pending_.empty()) {
        const auto now = Clock::now();
        if (now >= next_send) to_send.swap(pending_);
        else wait = std::chrono::ceil<std::chrono::milliseconds>(next_send - now);
      }
    }
    try {
      if (!listening) {
        conn.listen(channel_);
        listening = true;
        backoff = std::chrono::milliseconds(100);
        on_wake_("*");  // anything sent while we were not listening
      }
      for (const auto& topic : to_send)
        conn.exec("SELECT pg_notify($1, $2)", db::Params(channel_, topic));
      if (!to_send.empty()) next_send = Clock::now() + kMinInterval;
      bool woken = false;
      const int self = conn.backend_pid();
      for (const auto& n : conn.wait_notifications(wait, pipe_[0], &woken))
        if (n.sender_pid != self) on_wake_(n.payload);
      if (woken) {
        char buf[64];
        while (::read(pipe_[0], buf, sizeof buf) > 0) {
        }
      }
    } catch (const std::exception& e) {
      // The database is away. Keep the topics for the next attempt and back off.
      if (listening) obs::warn("event-bus", "notification connection lost", {{"error", e.what()}});
      listening = false;
      {
        std::lock_guard lock(mu_);
        pending_.insert(to_send.begin(), to_send.end());
      }
      std::unique_lock lock(mu_);
      if (stopping_) return;
      lock.unlock();
      char buf[64];
      // Sleep for the backoff unless stop() pokes the pipe.
      pollfd pfd{pipe_[0], POLLIN, 0};
      ::poll(&pfd, 1, static_cast<int>(backoff.count()));
      while (::read(pipe_[0], buf, sizeof buf) > 0) {
      }
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
}

}  // namespace todo::runtime::eventlog
