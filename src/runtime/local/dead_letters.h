#pragma once
// Dead letters of the local event bus, for operators (todo-platform
// deadletters ...). A replay marks the letter and wakes the platform; the
// subscriber's dispatcher delivers it once more (effects stay single: the
// consumer dedupes on the event id).
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "db/connection.h"

namespace todo::runtime::local {

struct DeadLetter {
  long long id = 0;
  std::string subscriber;
  std::string topic;
  std::string event_id;
  std::string event_type;
  std::string partition_key;
  int attempts = 0;
  std::string last_error;
  std::string status;  // dead | replay | replayed
  core::Instant dead_at{};
  std::optional<core::Instant> replayed_at;
};

class DeadLetters {
 public:
  explicit DeadLetters(db::Connection& c) : c_(c) {}
  // Newest first; `all` includes replayed ones.
  std::vector<DeadLetter> list(const std::optional<std::string>& subscriber, bool all = false);
  std::optional<DeadLetter> get(long long id);
  // Marks for replay (only letters in status dead) and wakes the dispatchers.
  // Returns the number marked.
  int request_replay(long long id);
  int request_replay_all(const std::optional<std::string>& subscriber);

 private:
  db::Connection& c_;
};

}  // namespace todo::runtime::local
