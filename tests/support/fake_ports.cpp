#include "fake_ports.h"

#include <stdexcept>

namespace todo::test {

void FakeEventBus::publish(db::Transaction&, std::string_view topic, const core::Event& event) {
  std::lock_guard lock(mu_);
  published_.push_back({std::string(topic), event});
}

void FakeEventBus::subscribe(runtime::Subscription subscription) {
  std::lock_guard lock(mu_);
  subs_.push_back(std::move(subscription));
}

std::vector<FakeEventBus::Published> FakeEventBus::published() const {
  std::lock_guard lock(mu_);
  return published_;
}

std::vector<runtime::Subscription> FakeEventBus::subscriptions() const {
  std::lock_guard lock(mu_);
  return subs_;
}

runtime::Delivery FakeEventBus::deliver(std::string_view topic, const core::Event& event) const {
  runtime::EventHandler handler;
  {
    std::lock_guard lock(mu_);
    for (const auto& s : subs_)
      if (s.topic == topic) handler = s.handler;
  }
  if (!handler) throw std::logic_error("nothing subscribed to " + std::string(topic));
  return handler(event);
}

void FakeScheduler::schedule(std::string_view name, core::Instant due, const boost::json::value& data) {
  std::lock_guard lock(mu_);
  calls_.push_back({"schedule", std::string(name), due, data, false});
}

void FakeScheduler::cancel(std::string_view name) {
  std::lock_guard lock(mu_);
  calls_.push_back({"cancel", std::string(name), {}, nullptr, false});
}

void FakeScheduler::schedule(db::Transaction&, std::string_view name, core::Instant due,
                             const boost::json::value& data) {
  std::lock_guard lock(mu_);
  calls_.push_back({"schedule", std::string(name), due, data, true});
}

void FakeScheduler::cancel(db::Transaction&, std::string_view name) {
  std::lock_guard lock(mu_);
  calls_.push_back({"cancel", std::string(name), {}, nullptr, true});
}

void FakeScheduler::handle(std::string prefix, runtime::JobHandler handler) {
  std::lock_guard lock(mu_);
  handlers_.add(std::move(prefix), std::move(handler));
}

void FakeScheduler::every(std::string name, std::chrono::seconds interval, runtime::JobHandler handler) {
  std::lock_guard lock(mu_);
  periodic_[name] = interval;
  handlers_.add(std::move(name), std::move(handler));
}

std::vector<FakeScheduler::Call> FakeScheduler::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

std::map<std::string, std::chrono::seconds> FakeScheduler::periodic() const {
  std::lock_guard lock(mu_);
  return periodic_;
}

runtime::JobOutcome FakeScheduler::fire(const runtime::Job& job) const {
  runtime::JobHandler handler;
  {
    std::lock_guard lock(mu_);
    if (const auto* h = handlers_.find(job.name)) handler = *h;
  }
  if (!handler) throw std::logic_error("no handler for job " + job.name);
  return handler(job);
}

void FakeInvoker::answer(net::Response response) {
  std::lock_guard lock(mu_);
  answer_ = std::move(response);
}

net::Response FakeInvoker::invoke(std::string_view app_id, net::Request request) {
  std::lock_guard lock(mu_);
  calls_.push_back({std::string(app_id), std::move(request), false, ""});
  return answer_;
}

void FakeInvoker::invoke_after_commit(db::Transaction&, std::string_view caller, std::string_view app_id,
                                      const net::Request& request) {
  std::lock_guard lock(mu_);
  calls_.push_back({std::string(app_id), request, true, std::string(caller)});
}

std::vector<FakeInvoker::Call> FakeInvoker::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

bool FakeStateStore::live(const Entry& e) const { return !e.expires || *e.expires > now_(); }

std::optional<runtime::StateItem> FakeStateStore::get(std::string_view key) {
  std::lock_guard lock(mu_);
  const auto it = items_.find(key);
  if (it == items_.end() || !live(it->second)) return std::nullopt;
  return runtime::StateItem{it->second.value, std::to_string(it->second.etag)};
}

runtime::StateResult FakeStateStore::save(std::string_view key, std::string_view value, const SaveOptions& o) {
  std::function<void()> hook;
  {
    std::lock_guard lock(mu_);
    hook = std::exchange(hook_, nullptr);
  }
  if (hook) hook();
  std::lock_guard lock(mu_);
  auto it = items_.find(key);
  const bool present = it != items_.end() && live(it->second);
  if (o.etag && !o.etag->empty()) {
    if (!present || std::to_string(it->second.etag) != *o.etag) {
      ++conflicts_;
      return {runtime::StateError::EtagMismatch, {}};
    }
  } else if (o.concurrency == runtime::Concurrency::FirstWrite && present) {
    ++conflicts_;
    return {runtime::StateError::EtagMismatch, {}};
  }
  std::optional<core::Instant> expires;
  if (o.ttl) expires = now_() + *o.ttl;
  const long long etag = next_etag_++;
  items_[std::string(key)] = Entry{std::string(value), etag, expires};
  return {std::nullopt, std::to_string(etag)};
}

runtime::StateResult FakeStateStore::remove(std::string_view key, std::optional<std::string_view> etag) {
  std::lock_guard lock(mu_);
  auto it = items_.find(key);
  if (etag && !etag->empty()) {
    if (it == items_.end() || std::to_string(it->second.etag) != *etag) return {runtime::StateError::EtagMismatch, {}};
  }
  if (it != items_.end()) items_.erase(it);
  return {};
}

int FakeStateStore::conflicts() const {
  std::lock_guard lock(mu_);
  return conflicts_;
}

void FakeStateStore::before_next_save(std::function<void()> hook) {
  std::lock_guard lock(mu_);
  hook_ = std::move(hook);
}

}  // namespace todo::test
