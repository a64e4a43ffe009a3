#pragma once
// Sign-in throttling (DESIGN §3.2): after `max_failures` failed attempts for
// one account within `window`, every further attempt is refused (429 with
// Retry-After) until the oldest of them leaves the window — even with the
// right password, since a 200 would confirm a guess.
//
// The attempts live in the state store (StateStore port: the `state` table
// embedded, Dapr's statestore beside a sidecar) as a JSON list of instants
// with a TTL of the window, updated under its ETag so concurrent attempts
// never lose a count. An attempt is reserved before the password is checked
// and forgotten only by a success, so at most `max_failures` passwords are
// ever checked per window, however many requests race.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "runtime/state_store.h"

namespace todo::services::gateway {

struct ThrottleOptions {
  int max_failures = 10;
  std::chrono::minutes window{15};
};

// Pure: the attempts still inside the window at `now`, oldest first, and
// whether (and for how many seconds) a new attempt must wait.
std::vector<core::Instant> attempts_in_window(std::vector<core::Instant> attempts, core::Instant now,
                                              const ThrottleOptions& options);
std::optional<int> retry_after_seconds(const std::vector<core::Instant>& in_window, core::Instant now,
                                       const ThrottleOptions& options);

class SignInThrottle {
 public:
  SignInThrottle(runtime::StateStore& store, ThrottleOptions options) : store_(store), opts_(options) {}
  // Reserves an attempt for `subject` (the account, or the email when there
  // is none). nullopt: go ahead; a value: refused for that many seconds.
  std::optional<int> reserve(std::string_view subject, core::Instant now);
  // The attempt succeeded: forget the subject's attempts.
  void clear(std::string_view subject);

 private:
  runtime::StateStore& store_;
  ThrottleOptions opts_;
};

}  // namespace todo::services::gateway
