#include "services/gateway/sign_in_throttle.h"

#include <algorithm>
#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "obs/log.h"

namespace todo::services::gateway {
namespace json = boost::json;

namespace {

// Hashed: no email in the state store, and no character a store refuses in a key.
std::string key_of(std::string_view subject) { return "sign-in-attempts:" + auth::sha256_hex(subject); }

std::vector<core::Instant> parse_attempts(const std::string& value) {
  std::vector<core::Instant> out;
  boost::system::error_code ec;
  const auto v = json::parse(value, ec);
  if (ec || !v.is_array()) return out;  // unreadable: start afresh rather than lock anyone out
  for (const auto& item : v.get_array())
    if (item.is_int64()) out.push_back(core::Instant(core::Millis(item.get_int64())));
  return out;
}

std::string serialize(const std::vector<core::Instant>& attempts) {
  json::array a;
  for (const auto t : attempts) a.push_back(std::chrono::duration_cast<core::Millis>(t.time_since_epoch()).count());
  return json::serialize(a);
}

}  // namespace

std::vector<core::Instant> attempts_in_window(std::vector<core::Instant> attempts, core::Instant now,
                                              const ThrottleOptions& o) {
  const auto since = now - o.window;
  // Another replica's clock may run a little ahead: its attempts count as now.
  for (auto& t : attempts) t = std::min(t, now);
  std::erase_if(attempts, [&](core::Instant t) { return t <= since; });
  std::sort(attempts.begin(), attempts.end());
  // Only the newest max_failures matter.
  if (static_cast<int>(attempts.size()) > o.max_failures)
    attempts.erase(attempts.begin(), attempts.end() - o.max_failures);
  return attempts;
}

std::optional<int> retry_after_seconds(const std::vector<core::Instant>& in_window, core::Instant now,
                                       const ThrottleOptions& o) {
  if (static_cast<int>(in_window.size()) < o.max_failures) return std::nullopt;
  const auto until = in_window.front() + o.window;
  return static_cast<int>(std::max<long long>(1, std::chrono::ceil<std::chrono::seconds>(until - now).count()));
}

std::optional<int> SignInThrottle::reserve(std::string_view subject, core::Instant now) {
  const auto key = key_of(subject);
  // Compare-and-set: a concurrent attempt that wrote first makes ours retry
  // with the list it wrote.
  for (int round = 0; round < 20; ++round) {
    const auto item = store_.get(key);
    auto attempts = attempts_in_window(item ? parse_attempts(item->value) : std::vector<core::Instant>{}, now, opts_);
    if (const auto wait = retry_after_seconds(attempts, now, opts_)) return wait;
    attempts.push_back(now);
    runtime::StateStore::SaveOptions save;
    save.ttl = std::chrono::duration_cast<std::chrono::seconds>(opts_.window);
    if (item) save.etag = item->etag;
    else save.concurrency = runtime::Concurrency::FirstWrite;
    if (store_.save(key, serialize(attempts), save).ok()) return std::nullopt;
  }
  // Many attempts racing for one account: that itself is a reason to wait.
  obs::warn("gateway", "sign-in attempts contended, refusing this one");
  return 1;
}

void SignInThrottle::clear(std::string_view subject) { store_.remove(key_of(subject)); }

}  // namespace todo::services::gateway
