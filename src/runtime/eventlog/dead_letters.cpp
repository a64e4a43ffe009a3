#include "runtime/eventlog/dead_letters.h"

#include "runtime/eventlog/pg_notifier.h"

namespace todo::runtime::eventlog {
namespace {

constexpr const char* kColumns =
    "id, subscriber, topic, event_id, event_type, partition_key, attempts, last_error, status, dead_at, replayed_at";

DeadLetter from_row(const db::Row& r) {
  DeadLetter d;
  d.id = r.int64(0);
  d.subscriber = r.str(1);
  d.topic = r.str(2);
  d.event_id = r.str(3);
  d.event_type = r.str(4);
  d.partition_key = r.str(5);
  d.attempts = static_cast<int>(r.int64(6));
  d.last_error = r.str(7);
  d.status = r.str(8);
  d.dead_at = r.instant(9);
  d.replayed_at = r.opt_instant(10);
  return d;
}

void wake_dispatchers(db::Connection& c) {
  c.exec("SELECT pg_notify($1, 'replay')", db::Params(std::string(PgNotifier::kChannel)));
}

}  // namespace

std::vector<DeadLetter> DeadLetters::list(const std::optional<std::string>& subscriber, bool all) {
  std::vector<DeadLetter> out;
  const auto res = c_.exec(std::string("SELECT ") + kColumns +
                               " FROM event_dead_letters WHERE ($1::text IS NULL OR subscriber = $1)"
                               " AND ($2 OR status <> 'replayed') ORDER BY id DESC LIMIT 1000",
                           db::Params(subscriber, all));
  for (const auto& r : res) out.push_back(from_row(r));
  return out;
}

std::optional<DeadLetter> DeadLetters::get(long long id) {
  const auto res = c_.exec(std::string("SELECT ") + kColumns + " FROM event_dead_letters WHERE id = $1", db::Params(id));
  if (res.empty()) return std::nullopt;
  return from_row(res.front());
}

int DeadLetters::request_replay(long long id) {
  const auto n = c_.exec("UPDATE event_dead_letters SET status = 'replay' WHERE id = $1 AND status = 'dead'",
                         db::Params(id))
                     .affected();
  if (n > 0) wake_dispatchers(c_);
  return static_cast<int>(n);
}

int DeadLetters::request_replay_all(const std::optional<std::string>& subscriber) {
  const auto n = c_.exec("UPDATE event_dead_letters SET status = 'replay'"
                         " WHERE status = 'dead' AND ($1::text IS NULL OR subscriber = $1)",
                         db::Params(subscriber))
                     .affected();
  if (n > 0) wake_dispatchers(c_);
  return static_cast<int>(n);
}

bool DeadLetters::insert(const NewDeadLetter& d) {
  return c_.exec(
               "INSERT INTO event_dead_letters (subscriber, topic, seq, event_id, event_type, partition_key, payload,"
               " attempts, last_error, dead_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
               " ON CONFLICT DO NOTHING",
               db::Params(d.subscriber, d.topic, d.seq, d.event_id, d.event_type, d.partition_key, d.payload,
                          d.attempts, d.error.substr(0, 2000), d.dead_at))
             .affected() > 0;
}

std::vector<ReplayRequest> DeadLetters::marked_for_replay(std::string_view subscriber, std::string_view topic,
                                                          int limit) {
  std::vector<ReplayRequest> out;
  for (const auto& r : c_.exec("SELECT id, payload FROM event_dead_letters"
                               " WHERE subscriber = $1 AND topic = $2 AND status = 'replay' ORDER BY id LIMIT $3",
                               db::Params(subscriber, topic, limit)))
    out.push_back(ReplayRequest{r.int64(0), r.str(1)});
  return out;
}

void DeadLetters::mark_replayed(long long id, core::Instant at) {
  c_.exec("UPDATE event_dead_letters SET status = 'replayed', replayed_at = $2 WHERE id = $1", db::Params(id, at));
}

void DeadLetters::mark_failed(long long id, std::string_view error) {
  c_.exec("UPDATE event_dead_letters SET status = 'dead', attempts = attempts + 1, last_error = $2 WHERE id = $1",
          db::Params(id, error.substr(0, 2000)));
}

}  // namespace todo::runtime::eventlog
