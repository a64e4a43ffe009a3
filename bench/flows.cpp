// Latencies of flows that cross the event bus, against a running platform
// (todo-platform, or the edge of the distributed system):
//
// <users file>: one "<user id> <token>" a line; the work is spread over the
// users round-robin, and each user's WebSocket is open throughout.
//
//   bench_flows reminders <port> <users file> <count> [lead seconds, 5] [connections, 8]
//       creates <count> tasks whose reminder_at is the same whole second, a
//       few seconds ahead, then waits on the users' WebSockets for each
//       task's notification.created frame. lateness = arrival − reminder_at
//       (wall clock; client and server run on the same machine).
//   bench_flows recurring <port> <users file> <count> <completions per second> [connections, 8]
//       creates <count> daily tasks, then completes them at a fixed rate
//       (open loop: latency counts from the scheduled time) and waits for
//       each next occurrence's task.created frame (parent_task_id = the
//       completed task). The frame is sent after todo-api committed the new
//       task, so a list request at that moment shows it.
//
//   bench_flows listen <port> <users file>
//       browser stand-ins: holds each user's WebSocket and reads every frame
//       until stdin closes, then prints how many arrived.
//
// Prints one line of figures ("key=value ..."), then "missing ..." lines if
// frames did not arrive; exits 1 when anything is missing or failed.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <stdexcept>
#include <mutex>
#include <string>
#include <thread>
#include <optional>
#include <unordered_map>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Wall = std::chrono::system_clock;
using Steady = std::chrono::steady_clock;

namespace {

struct User {
  std::string id, token;
};

struct Target {
  unsigned short port;
  std::vector<User> users;
  tcp::endpoint endpoint() const { return {asio::ip::make_address("127.0.0.1"), port}; }
};

// A users file: one "<user id> <token>" a line.
std::vector<User> read_users(const char* path) {
  std::vector<User> out;
  FILE* f = std::fopen(path, "r");
  if (!f) throw std::runtime_error(std::string("cannot read ") + path);
  char id[128], token[2048];
  while (std::fscanf(f, "%127s %2047s", id, token) == 2) out.push_back({id, token});
  std::fclose(f);
  if (out.empty()) throw std::runtime_error(std::string("no users in ") + path);
  return out;
}

// One blocking keep-alive HTTP connection (reconnects after an error).
class Http {
 public:
  explicit Http(const Target& t) : t_(t), socket_(ioc_) {}

  http::response<http::string_body> send(http::verb verb, const std::string& target, const std::string& body,
                                         const User& as) {
    for (int attempt = 0;; ++attempt) {
      try {
        if (!socket_.is_open()) socket_.connect(t_.endpoint());
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::authorization, "Bearer " + as.token);
        if (!body.empty()) {
          req.set(http::field::content_type, "application/json");
          req.body() = body;
        }
        req.prepare_payload();
        http::write(socket_, req);
        http::response<http::string_body> res;
        http::read(socket_, buf_, res);
        if (!res.keep_alive()) close();
        return res;
      } catch (const std::exception&) {
        close();
        if (attempt >= 2) throw;
      }
    }
  }

 private:
  void close() {
    beast::error_code ec;
    socket_.close(ec);
    buf_.clear();
  }
  const Target& t_;
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buf_;
};

// One WebSocket per user, all read on one thread; every frame goes to
// `on_frame` with its arrival time.
class Live {
 public:
  using Handler = std::function<void(const json::object&, Wall::time_point, Steady::time_point)>;

  Live(const Target& t, Handler on_frame) : on_frame_(std::move(on_frame)) {
    for (const auto& u : t.users) {
      auto& c = conns_.emplace_back(std::make_unique<Conn>(ioc_));
      c->ws.next_layer().connect(t.endpoint());
      c->ws.handshake("127.0.0.1", "/ws?token=" + u.token);
      beast::flat_buffer b;
      c->ws.read(b);  // the hello frame: subscribed from here on
      read(*c);
    }
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~Live() {
    asio::post(ioc_, [this] {
      beast::error_code ec;
      for (auto& c : conns_) c->ws.next_layer().close(ec);
    });
    thread_.join();
  }

 private:
  struct Conn {
    explicit Conn(asio::io_context& ioc) : ws(ioc) {}
    websocket::stream<tcp::socket> ws;
    beast::flat_buffer buf;
  };
  void read(Conn& c) {
    c.ws.async_read(c.buf, [this, &c](beast::error_code ec, size_t) {
      if (ec) return;
      const auto wall = Wall::now();
      const auto steady = Steady::now();
      const auto text = beast::buffers_to_string(c.buf.data());
      c.buf.consume(c.buf.size());
      boost::system::error_code pec;
      auto v = json::parse(text, pec);
      if (!pec && v.is_object()) on_frame_(v.get_object(), wall, steady);
      read(c);
    });
  }
  asio::io_context ioc_;
  std::vector<std::unique_ptr<Conn>> conns_;
  Handler on_frame_;
  std::thread thread_;
};

std::string str_at(const json::object& o, std::string_view a, std::string_view b = {}) {
  const json::value* v = o.if_contains(a);
  if (v && !b.empty()) v = v->is_object() ? v->get_object().if_contains(b) : nullptr;
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The id of the task a create answered, or none (counted in `errors`, the
// first few printed). The caller holds the lock guarding `errors`.
std::optional<std::string> created_id(unsigned status, const std::string& body, size_t& errors) {
  boost::system::error_code ec;
  const auto v = json::parse(body, ec);
  if (status != 201 || ec || !v.is_object()) {
    if (++errors <= 3) std::fprintf(stderr, "create: %u %s\n", status, body.c_str());
    return std::nullopt;
  }
  return str_at(v.get_object(), "id");
}

std::string rfc3339(Wall::time_point t) {
  const std::time_t s = Wall::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

double ms(std::chrono::nanoseconds d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Summary {
  std::vector<double> v;
  void print(const char* prefix) {
    std::sort(v.begin(), v.end());
    if (v.empty()) {
      std::printf("%s_p50_ms=nan %s_p99_ms=nan %s_max_ms=nan", prefix, prefix, prefix);
      return;
    }
    std::printf("%s_p50_ms=%.2f %s_p99_ms=%.2f %s_max_ms=%.2f", prefix, v[v.size() / 2], prefix,
                v[std::min(v.size() - 1, v.size() * 99 / 100)], prefix, v.back());
  }
};

// Runs `job(i, http)` for i in [0, count) on `connections` threads, each with
// its own connection. `not_before(i)` delays job i until that instant (open
// loop pacing); jobs are handed out in order.
void run_jobs(const Target& t, size_t count, int connections, const std::function<Steady::time_point(size_t)>& not_before,
              const std::function<void(size_t, Http&)>& job) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&] {
      Http h(t);
      for (size_t i; (i = next++) < count;) {
        if (not_before) std::this_thread::sleep_until(not_before(i));
        job(i, h);
      }
    });
  }
  for (auto& th : threads) th.join();
}

// Waits until `done()` or the deadline, re-checking when notified.
template <typename Pred>
bool wait_for(std::mutex& mu, std::condition_variable& cv, Pred done, Steady::time_point deadline) {
  std::unique_lock lock(mu);
  return cv.wait_until(lock, deadline, done);
}

int reminders(const Target& t, size_t count, int lead_s, int connections) {
  std::mutex mu;
  std::condition_variable cv;
  std::unordered_map<std::string, bool> ours;  // task id -> frame seen
  std::vector<double> lateness;
  // Every reminder in one whole second, `lead_s` seconds ahead.
  const auto due = std::chrono::ceil<std::chrono::seconds>(Wall::now() + std::chrono::seconds(lead_s));
  size_t errors = 0, foreign = 0;
  Live live(t, [&](const json::object& f, Wall::time_point wall, Steady::time_point) {
    if (str_at(f, "type") != "notification.created") return;
    const auto task = str_at(f, "notification", "task_id");
    std::lock_guard lock(mu);
    auto it = ours.find(task);
    if (it == ours.end()) {
      ++foreign;
      return;
    }
    if (it->second) return;  // a second frame for one reminder (there should be none)
    it->second = true;
    lateness.push_back(ms(wall - due));
    cv.notify_all();
  });

  const auto due_text = rfc3339(due);
  const auto started = Wall::now();
  run_jobs(t, count, connections, nullptr, [&](size_t i, Http& h) {
    const std::string body =
        "{\"title\":\"reminder " + std::to_string(i) + "\",\"reminder_at\":\"" + due_text + "\"}";
    const auto& user = t.users[i % t.users.size()];
    try {
      const auto res = h.send(http::verb::post, "/api/" + user.id + "/tasks", body, user);
      std::lock_guard lock(mu);
      if (auto id = created_id(res.result_int(), res.body(), errors)) ours.emplace(std::move(*id), false);
    } catch (const std::exception&) {
      std::lock_guard lock(mu);
      ++errors;
    }
  });
  const auto created = Wall::now();
  const size_t expected = count - errors;
  wait_for(mu, cv, [&] { return lateness.size() >= expected; }, Steady::now() + std::chrono::seconds(lead_s + 90));

  std::lock_guard lock(mu);
  Summary s{lateness};
  std::printf("reminders count=%zu created=%zu received=%zu errors=%zu other_frames=%zu create_s=%.2f slack_before_due_s=%.2f ", count,
              expected, lateness.size(), errors, foreign, ms(created - started) / 1000, ms(due - created) / 1000);
  s.print("lateness");
  std::printf("\n");
  size_t shown = 0;
  for (const auto& [id, seen] : ours)
    if (!seen && shown++ < 5) std::printf("missing notification for task %s\n", id.c_str());
  return lateness.size() == count && errors == 0 && due > created ? 0 : 1;
}

int recurring(const Target& t, size_t count, double rate, int connections) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> ids(count);
  auto user_of = [&](size_t i) -> const User& { return t.users[i % t.users.size()]; };
  std::unordered_map<std::string, Steady::time_point> completed;  // task id -> scheduled completion
  std::vector<double> latency;
  size_t errors = 0, created_frames = 0;
  Live live(t, [&](const json::object& f, Wall::time_point, Steady::time_point at) {
    if (str_at(f, "type") != "task.created") return;
    const auto parent = str_at(f, "task", "parent_task_id");
    std::lock_guard lock(mu);
    if (parent.empty()) {  // one of the tasks created below
      ++created_frames;
      cv.notify_all();
      return;
    }
    auto it = completed.find(parent);
    if (it == completed.end()) return;
    latency.push_back(ms(at - it->second));
    completed.erase(it);
    cv.notify_all();
  });

  // Daily tasks due tomorrow: each completion has a next occurrence.
  const auto due = rfc3339(Wall::now() + std::chrono::hours(24));
  run_jobs(t, count, connections, nullptr, [&](size_t i, Http& h) {
    const std::string body =
        "{\"title\":\"recurring " + std::to_string(i) + "\",\"due_date\":\"" + due + "\",\"recurrence\":\"daily\"}";
    const auto res = h.send(http::verb::post, "/api/" + user_of(i).id + "/tasks", body, user_of(i));
    std::lock_guard lock(mu);
    if (auto id = created_id(res.result_int(), res.body(), errors)) ids[i] = std::move(*id);
  });
  // The completions start once every creation reached the live connections,
  // so they do not queue behind the creations' events (a completion of a
  // task recurring-service has not seen yet would wait behind that event in
  // the same user's lane anyway).
  const size_t made = count - errors;
  wait_for(mu, cv, [&] { return created_frames >= made; }, Steady::now() + std::chrono::seconds(30));

  const auto interval = std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(1.0 / rate));
  const auto start = Steady::now() + std::chrono::milliseconds(100);
  auto scheduled = [&](size_t i) { return start + interval * static_cast<long>(i); };
  run_jobs(t, count, connections, scheduled, [&](size_t i, Http& h) {
    if (ids[i].empty()) return;
    {
      std::lock_guard lock(mu);
      completed.emplace(ids[i], scheduled(i));
    }
    const auto res =
        h.send(http::verb::patch, "/api/" + user_of(i).id + "/tasks/" + ids[i] + "/complete", "", user_of(i));
    if (res.result_int() != 200) {
      std::lock_guard lock(mu);
      ++errors;
      completed.erase(ids[i]);
      if (errors <= 3) std::fprintf(stderr, "complete: %u %s\n", res.result_int(), res.body().c_str());
    }
  });
  const double elapsed = ms(Steady::now() - start) / 1000;
  wait_for(mu, cv, [&] { return completed.empty(); }, Steady::now() + std::chrono::seconds(60));

  std::lock_guard lock(mu);
  Summary s{latency};
  std::printf("recurring count=%zu received=%zu errors=%zu rate=%.1f/s ", count, latency.size(), errors,
              static_cast<double>(count) / elapsed);
  s.print("next_occurrence");
  std::printf("\n");
  size_t shown = 0;
  for (const auto& [id, at] : completed)
    if (shown++ < 5) std::printf("missing next occurrence of task %s\n", id.c_str());
  return latency.size() == count && errors == 0 ? 0 : 1;
}

int listen(const Target& t) {
  std::atomic<size_t> frames{0};
  {
    Live live(t, [&](const json::object&, Wall::time_point, Steady::time_point) { ++frames; });
    std::printf("listening\n");
    std::fflush(stdout);
    for (int c; (c = std::getchar()) != EOF;) {
    }
  }
  std::printf("listen frames=%zu\n", frames.load());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  try {
    auto target = [&] { return Target{static_cast<unsigned short>(std::stoi(argv[2])), read_users(argv[3])}; };
    if (mode == "reminders" && argc >= 5)
      return reminders(target(), std::stoul(argv[4]), argc > 5 ? std::stoi(argv[5]) : 5, argc > 6 ? std::stoi(argv[6]) : 8);
    if (mode == "recurring" && argc >= 6)
      return recurring(target(), std::stoul(argv[4]), std::stod(argv[5]), argc > 6 ? std::stoi(argv[6]) : 8);
    if (mode == "listen" && argc == 4) return listen(target());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_flows: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr,
               "usage: bench_flows reminders <port> <users file> <count> [lead s] [connections]\n"
               "       bench_flows recurring <port> <users file> <count> <per second> [connections]\n"
               "       bench_flows listen <port> <users file>\n");
  return 2;
}
