// Fibers (Boost.Context) whose waits are Asio operations on the fiber's
// strand. A fiber runs only inside a handler of its strand, so it and the
// completions that resume it are serialised; the strand's loop is run by
// one network thread, so the fiber never changes threads.
#include "net/handler_fibers.h"

#include <sys/mman.h>
#include <unistd.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/context/fiber.hpp>
#include <mutex>
#include <new>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/waiter.h"
#include "net/error_mapping.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace todo::net {

namespace asio = boost::asio;
namespace ctx = boost::context;

namespace {

// Stack per fiber. Handlers are shallow (no recursion over input: JSON is
// parsed and written without it); the sanitizers' frames are larger.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kStackSize = 1024 * 1024;
#else
constexpr size_t kStackSize = 256 * 1024;
#endif
// Stacks kept for reuse: mapping and unmapping one per request would cost
// two system calls and page faults on every request.
constexpr size_t kStacksKept = 128;

// Stacks with a guard page below them (an overflow faults instead of
// writing over another fiber's memory), recycled.
class StackPool {
 public:
  ~StackPool() {
    for (auto& s : free_) unmap(s);
  }
  ctx::stack_context allocate() {
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        auto s = free_.back();
        free_.pop_back();
        return s;
      }
    }
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    const size_t total = kStackSize + page;
    void* base = ::mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (base == MAP_FAILED) throw std::bad_alloc();
    ::mprotect(base, page, PROT_NONE);
    ctx::stack_context s;
    s.size = total;
    s.sp = static_cast<char*>(base) + total;
    return s;
  }
  void deallocate(ctx::stack_context& s) noexcept {
    {
      std::lock_guard lock(mu_);
      if (free_.size() < kStacksKept) {
        free_.push_back(s);
        return;
      }
    }
    unmap(s);
  }

 private:
  static void unmap(ctx::stack_context& s) { ::munmap(static_cast<char*>(s.sp) - s.size, s.size); }

  std::mutex mu_;
  std::vector<ctx::stack_context> free_;
};

// Where a stack is. AddressSanitizer must be told of every switch: an
// exception unpoisons the stack it unwinds, and without knowing which stack
// is running it would leave a recycled fiber stack poisoned (false reports
// later). Debian's Boost.Context (fcontext) does not tell it, so we do.
struct StackBounds {
  const void* bottom = nullptr;
  size_t size = 0;
};

// Called right before a switch to `to`; `fake` keeps the leaving side's fake
// stack (null when the leaving side ends for good).
void switch_begin([[maybe_unused]] void** fake, [[maybe_unused]] const StackBounds& to) {
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_start_switch_fiber(fake, to.bottom, to.size);
#endif
}
// Called first thing after a switch; `from` learns the stack we came from.
void switch_end([[maybe_unused]] void* fake, [[maybe_unused]] StackBounds* from) {
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_finish_switch_fiber(fake, from ? &from->bottom : nullptr, from ? &from->size : nullptr);
#endif
}

struct StackAllocator {
  StackPool* pool;
  StackBounds* bounds;  // where the stack it hands out is
  ctx::stack_context allocate() {
    auto s = pool->allocate();
    *bounds = {static_cast<char*>(s.sp) - s.size, s.size};
    return s;
  }
  void deallocate(ctx::stack_context& s) noexcept { pool->deallocate(s); }
};

}  // namespace

struct Fiber;

struct HandlerFibers::State {
  StackPool stacks;
  std::mutex mu;
  std::unordered_map<Fiber*, std::shared_ptr<Fiber>> running;  // keeps a suspended fiber alive
  // Set (under mu) when the runner goes: its loops may go next, so a late
  // wake-up (a pool connection released after the server stopped) must
  // not post to them.
  bool closed = false;
  obs::Gauge& gauge = obs::metrics().gauge("http_handler_fibers", "Handler fibers started and not finished");
};

namespace {
void resume(const std::shared_ptr<Fiber>& f);
}

class FiberWaiter final : public core::Waiter {
 public:
  explicit FiberWaiter(Fiber& f) : fiber_(f) {}
  bool wait_io(int fd, core::Io io, core::WaitDeadline deadline) override;
  std::shared_ptr<core::Wakeup> make_wakeup() override;
  bool park(core::Wakeup& w, core::WaitDeadline deadline) override;

 private:
  // Suspends until a completion of the current wait (or the deadline) resumes the fiber.
  bool suspend_until(uint64_t wait, core::WaitDeadline deadline);
  Fiber& fiber_;
};

struct Fiber : std::enable_shared_from_this<Fiber> {
  Fiber(std::shared_ptr<HandlerFibers::State> s, asio::any_io_executor e, std::function<Response()> f,
        std::function<void(Response)> d)
      : state(std::move(s)), ex(std::move(e)), fn(std::move(f)), done(std::move(d)), waiter(*this) {}

  std::shared_ptr<HandlerFibers::State> state;
  asio::any_io_executor ex;
  std::function<Response()> fn;
  std::function<void(Response)> done;
  Response result;
  FiberWaiter waiter;
  ctx::fiber self;  // the fiber while it is suspended
  ctx::fiber loop;  // where it returns to when it suspends: the completion that resumed it
  // Every wait has a number; a completion for an earlier wait (a cancelled
  // timer, a descriptor wait that lost to the deadline) finds it changed.
  uint64_t wait = 0;
  bool ready = false;  // how the last wait ended
  // The request's log context while it is suspended.
  std::string request_id, trace_id;
  StackBounds own;       // the fiber's stack
  StackBounds resumer;   // the stack of the loop that resumed it last
  void* fake = nullptr;  // ASan's fake stack of the fiber while it is suspended

  // Ends wait `w` (on the strand) and resumes the fiber, unless the wait ended already.
  void complete(uint64_t w, bool ok) {
    if (wait != w) return;
    ++wait;
    ready = ok;
    resume(shared_from_this());
  }
};

namespace {

// Switches into the fiber on this thread, with its waiter and log context,
// until it waits again or finishes.
void resume(const std::shared_ptr<Fiber>& f) {
  auto* outer = core::current_waiter();
  core::set_current_waiter(&f->waiter);
  obs::LogContext::swap(f->request_id, f->trace_id);
  void* fake = nullptr;
  switch_begin(&fake, f->own);
  f->self = std::move(f->self).resume();
  switch_end(fake, nullptr);
  obs::LogContext::swap(f->request_id, f->trace_id);
  core::set_current_waiter(outer);
  if (f->self) return;  // suspended in a wait
  auto& state = *f->state;
  asio::post(f->ex, [done = std::move(f->done), res = std::move(f->result)]() mutable { done(std::move(res)); });
  std::shared_ptr<Fiber> last;
  {
    std::lock_guard lock(state.mu);
    auto it = state.running.find(f.get());
    last = std::move(it->second);
    state.running.erase(it);
  }
  state.gauge.dec();
}

class FiberWakeup final : public core::Wakeup {
 public:
  explicit FiberWakeup(std::shared_ptr<Fiber> f) : fiber_(std::move(f)) {}
  void wake() override {
    uint64_t wait;
    {
      std::lock_guard lock(mu_);
      if (woken_) return;
      woken_ = true;
      if (!parked_) return;  // park() will see woken_ and not suspend
      wait = wait_;
    }
    auto& state = *fiber_->state;
    std::lock_guard lock(state.mu);
    if (state.closed) return;
    asio::post(fiber_->ex, [f = fiber_, wait] { f->complete(wait, true); });
  }
  // False when it was woken already (no need to suspend).
  bool park_as(uint64_t wait) {
    std::lock_guard lock(mu_);
    if (woken_) return false;
    parked_ = true;
    wait_ = wait;
    return true;
  }

 private:
  std::shared_ptr<Fiber> fiber_;
  std::mutex mu_;
  bool woken_ = false;
  bool parked_ = false;
  uint64_t wait_ = 0;
};

}  // namespace

bool FiberWaiter::suspend_until(uint64_t wait, core::WaitDeadline deadline) {
  auto& f = fiber_;
  std::optional<asio::steady_timer> timer;
  if (deadline != core::kNoDeadline) {
    timer.emplace(f.ex, deadline);
    timer->async_wait([self = f.shared_from_this(), wait](boost::system::error_code ec) {
      if (!ec) self->complete(wait, false);
    });
  }
  switch_begin(&f.fake, f.resumer);
  f.loop = std::move(f.loop).resume();  // back to the loop until a completion resumes us
  switch_end(f.fake, &f.resumer);
  return f.ready;
}

bool FiberWaiter::wait_io(int fd, core::Io io, core::WaitDeadline deadline) {
  auto& f = fiber_;
  asio::posix::stream_descriptor d(f.ex);
  boost::system::error_code ec;
  d.assign(fd, ec);
  if (ec) return true;  // not a descriptor Asio can watch: the caller's read reports the problem
  const auto wait = f.wait;
  d.async_wait(io == core::Io::Read ? asio::posix::descriptor_base::wait_read
                                    : asio::posix::descriptor_base::wait_write,
               [self = f.shared_from_this(), wait](boost::system::error_code e) {
                 if (e != asio::error::operation_aborted) self->complete(wait, true);
               });
  const bool ok = suspend_until(wait, deadline);
  // Stops watching without closing: the descriptor belongs to libpq.
  d.release();
  return ok;
}

std::shared_ptr<core::Wakeup> FiberWaiter::make_wakeup() {
  return std::make_shared<FiberWakeup>(fiber_.shared_from_this());
}

bool FiberWaiter::park(core::Wakeup& w, core::WaitDeadline deadline) {
  auto& wakeup = static_cast<FiberWakeup&>(w);
  if (!wakeup.park_as(fiber_.wait)) return true;
  return suspend_until(fiber_.wait, deadline);
}

HandlerFibers::HandlerFibers() : state_(std::make_shared<State>()) {}

HandlerFibers::~HandlerFibers() {
  // A fiber still suspended (its server stopped before it finished) is kept,
  // not unwound: unwinding would run its destructors (a ROLLBACK) with no
  // loop left to wait on.
  std::lock_guard lock(state_->mu);
  state_->closed = true;
  if (state_->running.empty()) return;
  // Kept for the life of the process, reachable (so not reported as a leak).
  static std::mutex abandoned_mu;
  static auto* abandoned = new std::vector<std::shared_ptr<State>>();
  std::lock_guard keep(abandoned_mu);
  abandoned->push_back(state_);
}

size_t HandlerFibers::live() const {
  std::lock_guard lock(state_->mu);
  return state_->running.size();
}

void HandlerFibers::start(asio::any_io_executor ex, std::function<Response()> fn, std::function<void(Response)> done) {
  auto f = std::make_shared<Fiber>(state_, std::move(ex), std::move(fn), std::move(done));
  {
    std::lock_guard lock(state_->mu);
    state_->running.emplace(f.get(), f);
  }
  state_->gauge.inc();
  Fiber* raw = f.get();
  f->self = ctx::fiber(std::allocator_arg, StackAllocator{&state_->stacks, &f->own}, [raw](ctx::fiber&& loop) {
    switch_end(nullptr, &raw->resumer);
    raw->loop = std::move(loop);
    try {
      raw->result = raw->fn();  // Dispatcher::run, which answers every exception itself
    } catch (const std::exception&) {  // only what that answer itself threw (out of memory)
      raw->result = error_response(core::ApiError(core::ErrorCode::Unavailable, "the server is busy, retry shortly"), "");
    }
    switch_begin(nullptr, raw->resumer);  // this stack ends here
    return std::move(raw->loop);
  });
  resume(f);
}

}  // namespace todo::net
