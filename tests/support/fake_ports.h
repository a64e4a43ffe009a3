#pragma once
// In-memory stand-ins for the ports of src/runtime, for tests of service
// logic without a sidecar (and, for the bus, without PostgreSQL): they record
// what a service asked for and answer what the test decides. They follow the
// ports' contracts (runtime/*.h); they are not adapters.
#include <boost/json/value.hpp>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/events.h"
#include "runtime/event_bus.h"
#include "runtime/invoker.h"
#include "runtime/job_handlers.h"
#include "runtime/scheduler.h"
#include "runtime/state_store.h"

namespace todo::test {

// Records publications (committed or not: the transaction is the caller's)
// and subscriptions, and can deliver an event to a subscription's handler.
class FakeEventBus final : public runtime::EventBus {
 public:
  struct Published {
    std::string topic;
    core::Event event;
  };
  using EventBus::publish;
  void publish(db::Transaction& tx, std::string_view topic, const core::Event& event) override;
  void subscribe(runtime::Subscription subscription) override;

  std::vector<Published> published() const;
  std::vector<runtime::Subscription> subscriptions() const;
  // Runs the handler subscribed to `topic`.
  runtime::Delivery deliver(std::string_view topic, const core::Event& event) const;

 private:
  mutable std::mutex mu_;
  std::vector<Published> published_;
  std::vector<runtime::Subscription> subs_;
};

class FakeScheduler final : public runtime::Scheduler {
 public:
  struct Call {
    std::string op;  // schedule | cancel
    std::string name;
    core::Instant due{};
    boost::json::value data;
    bool transactional = false;
  };
  void schedule(std::string_view name, core::Instant due, const boost::json::value& data) override;
  void cancel(std::string_view name) override;
  void schedule(db::Transaction& tx, std::string_view name, core::Instant due, const boost::json::value& data) override;
  void cancel(db::Transaction& tx, std::string_view name) override;
  void handle(std::string prefix, runtime::JobHandler handler) override;
  void every(std::string name, std::chrono::seconds interval, runtime::JobHandler handler) override;

  std::vector<Call> calls() const;
  // Delivers a job to the handler registered for its name (longest prefix).
  runtime::JobOutcome fire(const runtime::Job& job) const;
  std::map<std::string, std::chrono::seconds> periodic() const;

 private:
  mutable std::mutex mu_;
  std::vector<Call> calls_;
  runtime::JobHandlers handlers_;
  std::map<std::string, std::chrono::seconds> periodic_;
};

class FakeInvoker final : public runtime::Invoker {
 public:
  struct Call {
    std::string app_id;
    net::Request request;
    bool after_commit = false;
    std::string caller;
  };
  // The answer to every invoke() (default 200 {}).
  void answer(net::Response response);
  net::Response invoke(std::string_view app_id, net::Request request) override;
  void invoke_after_commit(db::Transaction& tx, std::string_view caller, std::string_view app_id,
                           const net::Request& request) override;
  std::vector<Call> calls() const;

 private:
  mutable std::mutex mu_;
  std::vector<Call> calls_;
  net::Response answer_ = net::json_response(200, boost::json::object{});
};

// Dapr state semantics in memory: ETags are counters, FirstWrite, TTL on an
// injectable clock.
class FakeStateStore final : public runtime::StateStore {
 public:
  explicit FakeStateStore(std::function<core::Instant()> now) : now_(std::move(now)) {}
  std::optional<runtime::StateItem> get(std::string_view key) override;
  using StateStore::save;
  runtime::StateResult save(std::string_view key, std::string_view json_value, const SaveOptions& options) override;
  runtime::StateResult remove(std::string_view key, std::optional<std::string_view> etag = std::nullopt) override;
  // Saves that failed on an ETag (the concurrency tests count them).
  int conflicts() const;
  // A hook run inside the next save(), before the compare: lets a test play a
  // concurrent writer.
  void before_next_save(std::function<void()> hook);

 private:
  struct Entry {
    std::string value;
    long long etag;
    std::optional<core::Instant> expires;
  };
  bool live(const Entry& e) const;

  mutable std::mutex mu_;
  std::function<core::Instant()> now_;
  std::map<std::string, Entry, std::less<>> items_;
  long long next_etag_ = 1;
  int conflicts_ = 0;
  std::function<void()> hook_;
};

}  // namespace todo::test
