// Handler fibers on one network thread: a wait suspends the fiber, not the
// thread; deadlines end waits; a wake-up from another thread resumes a
// parked fiber; each request keeps its log context across its waits.
#include "net/handler_fibers.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/waiter.h"
#include "obs/log.h"

namespace todo::net {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

struct Pipe {
  Pipe() { EXPECT_EQ(::pipe(fds), 0); }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int read_end() const { return fds[0]; }
  void write_byte() const { EXPECT_EQ(::write(fds[1], "x", 1), 1); }
  int fds[2] = {-1, -1};
};

core::WaitDeadline in(std::chrono::milliseconds d) { return std::chrono::steady_clock::now() + d; }

// One network thread: the test's own, running the loop until a condition
// holds (with a deadline, so a blocked thread fails the test instead of hanging it).
class OneThreadLoop {
 public:
  void start(std::function<Response()> fn) {
    asio::post(strand_, [this, fn = std::move(fn)]() mutable {
      fibers.start(strand_, std::move(fn), [this](Response r) { answers.push_back(std::move(r)); });
    });
  }
  bool run_until(const std::function<bool()>& done, std::chrono::seconds limit = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      ioc_.restart();
      ioc_.run_one_for(20ms);
    }
    return done();
  }

  HandlerFibers fibers;
  std::vector<Response> answers;

 private:
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> strand_ = asio::make_strand(ioc_);
};

Response answer(std::string body) {
  Response r;
  r.body = std::move(body);
  return r;
}

TEST(HandlerFibers, AWaitSuspendsTheFiberAndTheThreadServesOthers) {
  OneThreadLoop loop;
  Pipe pipe;
  std::vector<std::string> order;
  bool ready = false;
  std::thread::id a_thread, b_thread;
  loop.start([&] {
    a_thread = std::this_thread::get_id();
    EXPECT_NE(core::current_waiter(), nullptr);
    // Blocking the thread here would keep B from ever writing: the wait
    // would end at its deadline, not ready.
    ready = core::wait_io(pipe.read_end(), core::Io::Read, in(5000ms));
    order.push_back("a");
    return answer("a");
  });
  loop.start([&] {
    b_thread = std::this_thread::get_id();
    pipe.write_byte();
    order.push_back("b");
    return answer("b");
  });
  ASSERT_TRUE(loop.run_until([&] { return loop.answers.size() == 2; }));
  EXPECT_TRUE(ready);
  EXPECT_EQ(order, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(a_thread, std::this_thread::get_id());
  EXPECT_EQ(b_thread, std::this_thread::get_id());
  EXPECT_EQ(loop.answers[0].body, "b");
  EXPECT_EQ(loop.answers[1].body, "a");
  EXPECT_EQ(loop.fibers.live(), 0u);
  EXPECT_EQ(core::current_waiter(), nullptr);  // outside a fiber, waits block the thread again
}

TEST(HandlerFibers, AWaitEndsAtItsDeadline) {
  OneThreadLoop loop;
  Pipe pipe;  // never written
  int ready = -1;
  loop.start([&] {
    ready = core::wait_io(pipe.read_end(), core::Io::Read, in(20ms)) ? 1 : 0;
    return answer("done");
  });
  ASSERT_TRUE(loop.run_until([&] { return loop.answers.size() == 1; }));
  EXPECT_EQ(ready, 0);
  EXPECT_EQ(loop.fibers.live(), 0u);
}

TEST(HandlerFibers, AParkedFiberIsWokenFromAnotherThread) {
  OneThreadLoop loop;
  std::shared_ptr<core::Wakeup> wakeup;
  int woken = -1, early = -1;
  loop.start([&] {
    auto* waiter = core::current_waiter();
    wakeup = waiter->make_wakeup();
    woken = waiter->park(*wakeup, in(30000ms)) ? 1 : 0;
    return answer("parked");
  });
  // A wake that comes before the park is not lost.
  loop.start([&] {
    auto* waiter = core::current_waiter();
    auto w = waiter->make_wakeup();
    w->wake();
    early = waiter->park(*w, in(30000ms)) ? 1 : 0;
    return answer("early");
  });
  ASSERT_TRUE(loop.run_until([&] { return wakeup && loop.answers.size() == 1; }));
  EXPECT_EQ(loop.answers[0].body, "early");
  EXPECT_EQ(early, 1);
  EXPECT_EQ(loop.fibers.live(), 1u);  // the first is parked
  std::thread([&] { wakeup->wake(); }).join();
  ASSERT_TRUE(loop.run_until([&] { return loop.answers.size() == 2; }));
  EXPECT_EQ(woken, 1);
}

TEST(HandlerFibers, AParkEndsAtItsDeadline) {
  OneThreadLoop loop;
  std::shared_ptr<core::Wakeup> wakeup;
  int woken = -1;
  loop.start([&] {
    auto* waiter = core::current_waiter();
    wakeup = waiter->make_wakeup();
    woken = waiter->park(*wakeup, in(20ms)) ? 1 : 0;
    return answer("parked");
  });
  ASSERT_TRUE(loop.run_until([&] { return loop.answers.size() == 1; }));
  EXPECT_EQ(woken, 0);
  wakeup->wake();  // too late: harmless
}

// A server stopped while a fiber waits for a pool connection: the runner
// goes first, its loops after it. A wake-up that comes later (a connection
// released by a consumer thread) must not post to those loops: the fiber
// is abandoned, and the loop may be gone by then.
TEST(HandlerFibers, AWakeAfterTheRunnerIsGoneIsDropped) {
  asio::io_context ioc;
  auto strand = asio::make_strand(ioc);
  std::shared_ptr<core::Wakeup> wakeup;
  int answered = 0;
  {
    HandlerFibers fibers;
    asio::post(strand, [&] {
      fibers.start(
          strand,
          [&] {
            auto* waiter = core::current_waiter();
            wakeup = waiter->make_wakeup();
            waiter->park(*wakeup, core::kNoDeadline);
            return answer("late");
          },
          [&](Response) { ++answered; });
    });
    ioc.poll();  // runs the fiber until it parks
    ASSERT_NE(wakeup, nullptr);
    EXPECT_EQ(fibers.live(), 1u);
  }
  std::thread([&] { wakeup->wake(); }).join();
  ioc.restart();  // poll() stopped the loop when it ran out of work
  EXPECT_EQ(ioc.poll(), 0u) << "the wake-up reached the loop of a runner that is gone";
  EXPECT_EQ(answered, 0);
}

TEST(HandlerFibers, EachRequestKeepsItsLogContextAcrossItsWaits) {
  OneThreadLoop loop;
  Pipe first, second;
  std::string seen_a, seen_b;
  loop.start([&] {
    obs::LogContext ctx("request-a", "trace-a");
    core::wait_io(first.read_end(), core::Io::Read, in(5000ms));
    seen_a = obs::LogContext::request_id();
    return answer("a");
  });
  loop.start([&] {
    obs::LogContext ctx("request-b", "trace-b");
    core::wait_io(second.read_end(), core::Io::Read, in(5000ms));
    seen_b = obs::LogContext::request_id() + "/" + obs::LogContext::trace_id();
    return answer("b");
  });
  ASSERT_TRUE(loop.run_until([&] { return loop.fibers.live() == 2 && obs::LogContext::request_id().empty(); }));
  second.write_byte();  // b resumes first, a after it
  first.write_byte();
  ASSERT_TRUE(loop.run_until([&] { return loop.answers.size() == 2; }));
  EXPECT_EQ(seen_a, "request-a");
  EXPECT_EQ(seen_b, "request-b/trace-b");
  EXPECT_EQ(obs::LogContext::request_id(), "");  // the thread's own context is untouched
}

}  // namespace
}  // namespace todo::net
