#pragma once
// Cross-process wake-ups for the local runtime over PostgreSQL LISTEN/NOTIFY.
// Writers call notify(topic) after their transaction committed; a background
// thread sends the NOTIFY so the hot path never pays for it, and turns
// notifications from every other process into on_wake(topic) calls (this
// process's readers were woken directly at commit; its own notifications
// coming back are ignored). After a reconnect it calls on_wake("*"):
// notifications may have been lost.
//
// Each NOTIFY is a transaction of its own that wakes every listening
// backend, so under load they are rationed: a topic is sent at most once per
// kMinInterval, and a topic notified in between is sent when it ends (never
// dropped). A reader in another process learns of a commit at most that much
// later; readers in this process are not affected.
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>

namespace todo::runtime::eventlog {

class PgNotifier {
 public:
  static constexpr std::string_view kChannel = "todo_events";  // the event bus
  static constexpr std::string_view kJobsChannel = "todo_jobs";  // the scheduler
  static constexpr std::chrono::milliseconds kMinInterval{5};

  PgNotifier(std::string url, std::function<void(std::string_view)> on_wake, std::string channel = std::string(kChannel));
  ~PgNotifier();
  void start();
  void stop();
  void notify(std::string_view topic);

 private:
  void run();
  void poke();

  std::string url_;
  std::function<void(std::string_view)> on_wake_;
  std::string channel_;
  std::mutex mu_;
  std::set<std::string> pending_;
  bool stopping_ = false;
  int pipe_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace todo::runtime::eventlog
