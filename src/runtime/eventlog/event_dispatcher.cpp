#include "runtime/eventlog/event_dispatcher.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <unordered_set>

#include "core/uuid.h"
#include "core/error.h"
#include "db/error.h"
#include "obs/log.h"
#include "obs/metrics.h"
#include "runtime/backoff.h"
#include "runtime/eventlog/dead_letters.h"

namespace todo::runtime::eventlog {
namespace {

uint64_t parse_u64(std::string_view s) {
  uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

constexpr const char* kLoadSql = R"(
  WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin)
  SELECT s.xmin, e.seq, e.id, e.event_type, e.partition_key, e.payload, f.attempts, f.next_attempt_at, e.mine
  FROM snap s
  LEFT JOIN LATERAL (
    SELECT seq, id, event_type, partition_key, ($5 = '' OR producer = $5) AS mine,
           CASE WHEN $5 = '' OR producer = $5 THEN payload END AS payload
    FROM event_log WHERE topic = $1 AND seq > $2 ORDER BY seq LIMIT $3) e ON true
  LEFT JOIN event_delivery_failures f ON f.subscriber = $4 AND f.topic = $1 AND f.seq = e.seq
  ORDER BY e.seq)";

}  // namespace

EventDispatcher::EventDispatcher(const db::Pool& pool, Subscription subscription, LogOptions options,
                                 const Clock& clock, std::string producer)
    : pool_(pool),
      sub_(std::move(subscription)),
      producer_(std::move(producer)),
      opts_(options),
      clock_(clock),
      lanes_(std::make_unique<TaskGroup>(std::max(0, opts_.parallelism - 1))) {
  auto& reg = obs::metrics();
  const obs::Labels labels = {{"subscriber", sub_.subscriber}, {"topic", sub_.topic}};
  auto with_outcome = [&](const char* outcome) {
    auto l = labels;
    l.emplace_back("outcome", outcome);
    return &reg.counter("events_consumed_total", "Event deliveries by outcome", l);
  };
  metrics_.consumed[static_cast<int>(Delivery::Success)] = with_outcome("success");
  metrics_.consumed[static_cast<int>(Delivery::Retry)] = with_outcome("retry");
  metrics_.consumed[static_cast<int>(Delivery::Drop)] = with_outcome("drop");
  metrics_.lag = &reg.histogram("event_delivery_lag_seconds",
                                "Time from commit of an event to its successful delivery", labels);
  metrics_.dead_lettered = &reg.counter("events_dead_lettered_total", "Events moved to the dead letters", labels);
  name_ = sub_.mode == Subscription::Mode::Broadcast ? sub_.subscriber + "@" + core::new_uuid() : sub_.subscriber;
}

EventDispatcher::~EventDispatcher() { stop(); }

void EventDispatcher::start() { thread_ = std::thread([this] { run(); }); }

void EventDispatcher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventDispatcher::wake(bool replay_requested) {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
    replay_due_ = replay_due_ || replay_requested;
  }
  cv_.notify_all();
}

bool EventDispatcher::lead(db::Connection& c) {
  // This connection's own writes (positions, attempts, dead letters, gap
  // horizons) may lag a crash by a few milliseconds: the worst outcome is a
  // redelivery, which consumers deduplicate. No fsync per round.
  c.exec_script("SET synchronous_commit = off");
  if (sub_.mode == Subscription::Mode::Broadcast) {
    // A broadcast subscriber starts at the end of the log, like a new Kafka
    // consumer group with initialOffset=newest: a live view, not a replay.
    cursor_ = c.exec("SELECT coalesce(max(seq), 0) FROM event_log WHERE topic = $1", db::Params(sub_.topic))
                  .front()
                  .int64(0);
  } else {
    const auto got = c.exec("SELECT pg_try_advisory_lock(hashtextextended($1, 0))",
                            db::Params("event-subscription:" + name_ + ":" + sub_.topic));
    if (!got.front().boolean(0)) return false;
    c.exec("INSERT INTO event_subscriptions (subscriber, topic) VALUES ($1, $2) ON CONFLICT DO NOTHING",
           db::Params(name_, sub_.topic));
    cursor_ = c.exec("SELECT cursor_seq FROM event_subscriptions WHERE subscriber = $1 AND topic = $2",
                     db::Params(name_, sub_.topic))
                  .front()
                  .int64(0);
  }
  done_.clear();
  gaps_.clear();
  obs::info("event-bus", "subscriber active",
            {{"subscriber", name_}, {"topic", sub_.topic}, {"cursor", cursor_}});
  return true;
}

void EventDispatcher::run() {
  db::Connection conn(pool_.url());
  bool leading = false;
  for (;;) {
    auto next_wake = clock_.now() + opts_.poll_interval;
    bool more = false;
    try {
      if (!leading) leading = lead(conn);
      if (leading) {
        bool replay = false;
        {
          std::lock_guard lock(mu_);
          replay = replay_due_;
          replay_due_ = false;
        }
        if (replay) replay_dead_letters(conn);
        more = round(conn, next_wake);
      }
    } catch (...) {
      // Lost the database (and with it the advisory lock): start over.
      if (leading)
        obs::warn("event-bus", "subscriber paused", {{"subscriber", name_}, {"error", core::current_exception_message()}});
      leading = false;
      std::unique_lock lock(mu_);
      replay_due_ = true;
    }
    std::unique_lock lock(mu_);
    if (stopping_) break;
    if (more || woken_) {
      woken_ = false;
      continue;
    }
    clock_.wait_until(cv_, lock, next_wake);
    woken_ = false;
    if (stopping_) break;
  }
  if (sub_.mode == Subscription::Mode::Broadcast) {
    try {
      conn.exec("DELETE FROM event_delivery_failures WHERE subscriber = $1", db::Params(name_));
    } catch (...) {
    }
  }
}

bool EventDispatcher::round(db::Connection& c, core::Instant& next_wake) {
  const auto res = c.exec(kLoadSql, db::Params(sub_.topic, cursor_, opts_.batch, name_, producer_));
  const uint64_t xmin = parse_u64(res.front().text(0));
  std::vector<Row> rows;
  rows.reserve(static_cast<size_t>(res.size()));
  for (const auto& r : res) {
    if (r.is_null(1)) continue;
    Row row;
    row.seq = r.int64(1);
    row.id = r.str(2);
    row.type = r.str(3);
    row.key = r.str(4);
    row.mine = r.boolean(8);
    if (row.mine) row.payload = r.str(5);
    if (!r.is_null(6)) {
      row.attempts = static_cast<int>(r.int64(6));
      row.next_attempt = r.instant(7);
    }
    rows.push_back(std::move(row));
  }
  note_gaps(c, rows);

  // Lanes by partition key: one key's events stay in order in one lane,
  // different keys are delivered in parallel.
  const size_t lanes = static_cast<size_t>(std::max(1, opts_.parallelism));
  std::vector<std::vector<const Row*>> lane_rows(lanes);
  for (const auto& row : rows) {
    if (done_.count(row.seq)) continue;
    if (!row.mine) {  // another producer's row: not this reader's to deliver
      done_.insert(row.seq);
      continue;
    }
    lane_rows[std::hash<std::string>{}(row.key) % lanes].push_back(&row);
  }
  std::vector<std::vector<Attempt>> attempts(lanes);
  std::vector<core::Instant> lane_wake(lanes, next_wake);
  std::vector<char> lane_held(lanes, 0);
  const auto now = clock_.now();
  std::vector<std::function<void()>> jobs;
  for (size_t i = 0; i < lanes; ++i) {
    if (lane_rows[i].empty()) continue;
    jobs.emplace_back([&, i] { lane_held[i] = deliver_lane(lane_rows[i], now, attempts[i], lane_wake[i]); });
  }
  if (jobs.size() == 1) jobs.front()();  // the common case: no hand-off
  else lanes_->run(jobs);

  // Bookkeeping on this thread's connection, after the deliveries.
  bool held = false;
  for (size_t i = 0; i < lanes; ++i) {
    held = held || lane_held[i];
    next_wake = std::min(next_wake, lane_wake[i]);
    for (const auto& a : attempts[i]) {
      const Row& row = *a.row;
      if (a.outcome == Delivery::Success) {
        if (row.attempts > 0) clear_failure(c, row);
        done_.insert(row.seq);
      } else if (a.outcome == Delivery::Drop) {
        dead_letter(c, row, row.attempts + 1, a.error.empty() ? "dropped by the subscriber" : a.error);
        done_.insert(row.seq);
      } else {
        record_failure(c, row, a.error, next_wake);
      }
    }
  }
  advance_cursor(c, xmin);
  // An open hole holds the cursor back (not delivery): look again soon, as a
  // rolled-back transaction sends no wake-up.
  if (!gaps_.empty()) next_wake = std::min(next_wake, clock_.now() + std::min(opts_.poll_interval, core::Millis(250)));
  return static_cast<int>(rows.size()) >= opts_.batch && !held;
}

bool EventDispatcher::deliver_lane(const std::vector<const Row*>& rows, core::Instant now, std::vector<Attempt>& out,
                                   core::Instant& next_wake) const {
  Pass state{0, {}, next_wake};
  while (state.end < rows.size()) {
    const size_t from = state.end;
    const Pass before = state;
    const size_t delivered = out.size();
    // opts_.group_commit events share a transaction: enough to pay one
    // COMMIT for many, few enough that the row locks a batch holds (and the
    // work redone when it fails) stay small.
    db::TransactionBatch batch(static_cast<size_t>(std::max(opts_.group_commit, 1)));
    {
      db::TransactionBatch::Scope scope(batch, db::TransactionBatch::Joins::Consumers);
      pass(rows, from, rows.size(), now, &batch, state, out);
    }
    std::string commit_error;
    if (!batch.finish(commit_error)) {
      if (!commit_error.empty())
        obs::warn("event-bus", "batch commit failed, delivering its events one by one",
                  {{"subscriber", sub_.subscriber}, {"topic", sub_.topic}, {"error", commit_error}});
      // Nothing of the batch happened: deliver the same rows again, each in
      // a transaction of its own, so a failure stays with its own event.
      const size_t to = state.end;
      state = before;
      out.resize(delivered);
      pass(rows, from, to, now, nullptr, state, out);
    }
    if (state.end == from) break;  // stopping
  }
  for (size_t i = 0; i < out.size(); ++i) {
    metrics_.consumed[static_cast<int>(out[i].outcome)]->inc();
    if (out[i].lag >= 0) metrics_.lag->observe(out[i].lag);
  }
  next_wake = state.next_wake;
  return !state.held.empty();
}

void EventDispatcher::pass(const std::vector<const Row*>& rows, size_t from, size_t to, core::Instant now,
                           db::TransactionBatch* batch, Pass& state, std::vector<Attempt>& out) const {
  size_t i = from;
  for (; i < to; ++i) {
    const Row* row = rows[i];
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
    }
    if (state.held.count(row->key)) continue;
    if (row->attempts > 0 && row->next_attempt > now) {
      state.held.insert(row->key);
      state.next_wake = std::min(state.next_wake, row->next_attempt);
      continue;
    }
    Attempt a{row, Delivery::Success, {}};
    a.outcome = deliver(*row, a.error, a.lag);
    // A retry holds the key, unless it was the last attempt (then the event
    // is dead-lettered and the key moves on).
    if (a.outcome == Delivery::Retry && row->attempts + 1 < opts_.max_attempts) state.held.insert(row->key);
    out.push_back(std::move(a));
    if (batch && (batch->failed() || batch->full())) {
      ++i;
      break;
    }
  }
  state.end = i;
}

void EventDispatcher::note_gaps(db::Connection& c, const std::vector<Row>& rows) {
  // Seqs that became visible fill their gaps.
  for (const auto& row : rows) {
    for (size_t i = 0; i < gaps_.size(); ++i) {
      auto& g = gaps_[i];
      if (row.seq < g.lo || row.seq > g.hi) continue;
      if (g.lo == g.hi) {
        gaps_.erase(gaps_.begin() + static_cast<long>(i));
      } else if (row.seq == g.lo) {
        ++g.lo;
      } else if (row.seq == g.hi) {
        --g.hi;
      } else {
        const Gap upper{row.seq + 1, g.hi, g.horizon};
        g.hi = row.seq - 1;
        gaps_.insert(gaps_.begin() + static_cast<long>(i) + 1, upper);
      }
      break;
    }
  }
  // New holes below visible rows (known gaps keep their first horizon).
  const size_t known = gaps_.size();
  long long expected = std::max(cursor_, gaps_.empty() ? cursor_ : gaps_.back().hi) + 1;
  for (const auto& row : rows) {
    if (row.seq < expected) continue;
    if (row.seq > expected) gaps_.push_back(Gap{expected, row.seq - 1, 0});
    expected = row.seq + 1;
  }
  if (gaps_.size() == known) return;
  // The horizon must exceed the xid of whoever drew a missing seq. That
  // transaction took its xid before drawing it, hence before the visible row
  // above it was drawn and committed, hence before the load's snapshot; an
  // xid assigned now is larger. (A snapshot's xmax is not enough: it is one
  // past the latest *completed* xid, and a running transaction can hold a
  // larger one.) Only new holes pay for this.
  const uint64_t horizon = parse_u64(c.exec("SELECT pg_current_xact_id()::text").front().text(0));
  for (size_t i = known; i < gaps_.size(); ++i) gaps_[i].horizon = horizon;
}

void EventDispatcher::advance_cursor(db::Connection& c, uint64_t xmin) {
  const long long before = cursor_;
  for (;;) {
    const long long next = cursor_ + 1;
    if (auto it = done_.find(next); it != done_.end()) {
      done_.erase(it);
      cursor_ = next;
      continue;
    }
    if (!gaps_.empty() && gaps_.front().lo == next && xmin >= gaps_.front().horizon) {
      // Every transaction that could have drawn these seqs has ended: rolled back.
      obs::debug("event-bus", "passed a gap no transaction can fill",
                 {{"subscriber", name_}, {"topic", sub_.topic}, {"from", gaps_.front().lo}, {"to", gaps_.front().hi},
                  {"horizon", std::to_string(gaps_.front().horizon)}, {"xmin", std::to_string(xmin)}});
      cursor_ = gaps_.front().hi;
      gaps_.erase(gaps_.begin());
      continue;
    }
    break;
  }
  if (cursor_ != before && sub_.mode == Subscription::Mode::Competing) {
    c.exec("UPDATE event_subscriptions SET cursor_seq = $3, updated_at = now() WHERE subscriber = $1 AND topic = $2",
           db::Params(name_, sub_.topic, cursor_));
  }
}

Delivery EventDispatcher::deliver(const Row& row, std::string& error, double& lag) const {
  lag = -1;
  boost::system::error_code ec;
  const auto doc = boost::json::parse(row.payload, ec);
  std::optional<core::Event> event;
  if (!ec && doc.is_object()) event = core::parse_event(doc.get_object());
  if (!event || !core::is_uuid(event->id)) {
    error = "not a CloudEvent of this platform";
    return Delivery::Drop;
  }
  std::string correlation;
  if (const auto* c = event->data.if_contains("correlation_id"); c && c->is_string()) correlation = c->get_string();
  obs::LogContext ctx(correlation, core::trace_id_of(event->traceparent));
  try {
    const auto outcome = sub_.handler(*event);
    if (outcome == Delivery::Success) {
      lag = std::max(0.0, std::chrono::duration<double>(clock_.now() - event->time).count());
    } else {
      error = outcome == Delivery::Retry ? "the subscriber asked for a retry" : "dropped by the subscriber";
    }
    return outcome;
  } catch (...) {
    error = core::current_exception_message();
  }
  obs::warn("event-bus", "delivery failed",
            {{"subscriber", sub_.subscriber}, {"topic", sub_.topic}, {"event_id", event->id}, {"error", error}});
  return Delivery::Retry;
}

void EventDispatcher::record_failure(db::Connection& c, const Row& row, const std::string& error,
                                     core::Instant& next_wake) {
  const int attempts = row.attempts + 1;
  if (attempts >= opts_.max_attempts) {
    dead_letter(c, row, attempts, error);
    done_.insert(row.seq);
    return;
  }
  const auto at = clock_.now() + backoff_delay(attempts, opts_.retry_base, opts_.retry_max);
  c.exec(
      "INSERT INTO event_delivery_failures (subscriber, topic, seq, attempts, next_attempt_at, last_error)"
      " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subscriber, topic, seq) DO UPDATE"
      " SET attempts = EXCLUDED.attempts, next_attempt_at = EXCLUDED.next_attempt_at, last_error = EXCLUDED.last_error",
      db::Params(name_, sub_.topic, row.seq, attempts, at, error.substr(0, 2000)));
  next_wake = std::min(next_wake, at);
}

void EventDispatcher::clear_failure(db::Connection& c, const Row& row) {
  c.exec("DELETE FROM event_delivery_failures WHERE subscriber = $1 AND topic = $2 AND seq = $3",
         db::Params(name_, sub_.topic, row.seq));
}

void EventDispatcher::dead_letter(db::Connection& c, const Row& row, int attempts, const std::string& error) {
  c.exec("BEGIN");
  try {
    DeadLetters(c).insert(NewDeadLetter{sub_.subscriber, sub_.topic, row.seq,
                                        core::is_uuid(row.id) ? row.id : core::new_uuid(), row.type, row.key,
                                        row.payload, attempts, error, clock_.now()});
    clear_failure(c, row);
    c.exec("COMMIT");
  } catch (...) {
    if (c.connected()) c.exec_script("ROLLBACK");
    throw;
  }
  metrics_.dead_lettered->inc();
  obs::error("event-bus", "event dead-lettered",
             {{"subscriber", sub_.subscriber}, {"topic", sub_.topic}, {"event_id", row.id}, {"attempts", attempts},
              {"error", error}});
}

void EventDispatcher::replay_dead_letters(db::Connection& c) {
  // Dead letters are kept under the app id, so any process of the app replays them.
  DeadLetters letters(c);
  for (const auto& letter : letters.marked_for_replay(sub_.subscriber, sub_.topic)) {
    Row row;
    row.payload = letter.payload;
    std::string error;
    double lag = -1;
    if (deliver(row, error, lag) == Delivery::Success) {
      metrics_.lag->observe(lag);
      letters.mark_replayed(letter.id, clock_.now());
      obs::info("event-bus", "dead letter replayed", {{"subscriber", sub_.subscriber}, {"letter", letter.id}});
    } else {
      letters.mark_failed(letter.id, error);
    }
  }
}

}  // namespace todo::runtime::eventlog
