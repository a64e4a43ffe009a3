#pragma once
// Dead letters: events a subscriber gave up on, in every runtime (all the SQL
// of event_dead_letters). Embedded, a dispatcher records them after its last
// attempt; beside Dapr, the service records what arrives on its
// `<app id>.deadletter` topic. Operators list and replay them
// (`<executable> deadletters ...`): a replay marks the letter and wakes the
// subscriber, which runs its handler on it once more (effects stay single:
// consumers dedupe on the event id).
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "db/connection.h"

namespace todo::runtime::eventlog {

// A letter to record: where it came from, the event, why it died.
struct NewDeadLetter {
  std::string subscriber;
  std::string topic;
  std::optional<long long> seq;  // position in the local log; none for a Dapr dead-letter topic
  std::string event_id;
  std::string event_type;
  std::string partition_key;
  std::string payload;
  int attempts = 0;
  std::string error;
  core::Instant dead_at{};
};

// A letter marked for replay, with what its handler needs.
struct ReplayRequest {
  long long id = 0;
  std::string payload;
};

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

  // Records a letter; false when this subscriber already has one for the event.
  bool insert(const NewDeadLetter& letter);
  // Letters of (subscriber, topic) marked for replay, oldest first.
  std::vector<ReplayRequest> marked_for_replay(std::string_view subscriber, std::string_view topic, int limit = 100);
  void mark_replayed(long long id, core::Instant at);
  // The replay failed: the letter is dead again, one attempt more.
  void mark_failed(long long id, std::string_view error);

 private:
  db::Connection& c_;
};

}  // namespace todo::runtime::eventlog
