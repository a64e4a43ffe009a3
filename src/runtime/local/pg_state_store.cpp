#include "runtime/local/pg_state_store.h"

#include <boost/json.hpp>

#include <charconv>
#include <cstdint>
#include <stdexcept>

#include "db/error.h"

namespace todo::runtime::local {
namespace {

constexpr std::string_view kSeparator = "||";

// A row is live until its expiredate has passed. Dapr's get uses `>=`, its
// ETag update `>`; we use `>=` in both so that an ETag get() just returned is
// always usable.
constexpr std::string_view kGet =
    "SELECT value::text, xmin::text FROM state"
    " WHERE key = $1 AND (expiredate IS NULL OR expiredate >= CURRENT_TIMESTAMP)";

// Every write sets expiredate from the save's TTL ($3, seconds), or to NULL
// without one: that is what Dapr does for a save without ttlInSeconds.
#define TODO_STATE_EXPIRY(n) \
  "CASE WHEN $" #n "::bigint IS NULL THEN NULL ELSE CURRENT_TIMESTAMP + $" #n "::bigint * interval '1 second' END"

constexpr std::string_view kUpsert =
    "INSERT INTO state AS t (key, value, isbinary, expiredate) VALUES ($1, $2::jsonb, false, " TODO_STATE_EXPIRY(3) ")"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value, isbinary = excluded.isbinary,"
    " updatedate = CURRENT_TIMESTAMP, expiredate = excluded.expiredate"
    " RETURNING xmin::text";

// FirstWrite: the conflicting row is replaced only when it has expired (not
// yet garbage collected), exactly as Dapr v1. A concurrent insert of the same
// key waits for the first to commit and then takes the conflict path, so two
// first writers can never both succeed.
constexpr std::string_view kInsertIfAbsent =
    "INSERT INTO state AS t (key, value, isbinary, expiredate) VALUES ($1, $2::jsonb, false, " TODO_STATE_EXPIRY(3) ")"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value, isbinary = excluded.isbinary,"
    " updatedate = CURRENT_TIMESTAMP, expiredate = excluded.expiredate"
    " WHERE t.expiredate IS NOT NULL AND t.expiredate < CURRENT_TIMESTAMP"
    " RETURNING xmin::text";

// The compare-and-set: under READ COMMITTED a concurrent writer's commit makes
// PostgreSQL re-check `xmin = $3` on the new row version, which fails, so a
// stale ETag can never overwrite a newer value.
constexpr std::string_view kUpdateIfMatch =
    "UPDATE state SET value = $2::jsonb, isbinary = false, updatedate = CURRENT_TIMESTAMP,"
    " expiredate = " TODO_STATE_EXPIRY(4) " WHERE key = $1 AND xmin = $3::xid AND (expiredate IS NULL OR expiredate >= CURRENT_TIMESTAMP)"
    " RETURNING xmin::text";

constexpr std::string_view kDelete = "DELETE FROM state WHERE key = $1";
// Like Dapr, no expiry check: deleting an expired row is what its GC does anyway.
constexpr std::string_view kDeleteIfMatch = "DELETE FROM state WHERE key = $1 AND xmin = $2::xid";

bool illegal(std::string_view s) {
  return s.find(kSeparator) != std::string_view::npos || s.find('\0') != std::string_view::npos;
}

// Dapr parses an ETag with strconv.ParseUint(etag, 10, 32): ASCII digits
// only, no sign, at most 2^32-1 (xmin is a 32-bit transaction id). Leading
// zeros are accepted; the canonical decimal is what we compare.
std::optional<std::string> parse_etag(std::string_view etag) {
  std::uint64_t v = 0;
  const auto* end = etag.data() + etag.size();
  const auto [ptr, ec] = std::from_chars(etag.data(), end, v);
  if (ec != std::errc{} || ptr != end || v > UINT32_MAX) return std::nullopt;
  return std::to_string(v);
}

void require_json(std::string_view text) {
  boost::json::parse_options opts;
  opts.max_depth = 10000;  // Go's encoding/json limit (Dapr); Boost's default of 32 refuses real documents
  boost::json::error_code ec;
  boost::json::parse(text, ec, {}, opts);
  if (ec) throw std::invalid_argument("state value is not JSON: " + ec.message());
}

// Runs one statement in autocommit. A data exception (SQLSTATE class 22) can
// only come from the caller's input: a key that is not valid UTF-8, or JSON
// that jsonb cannot hold (a \u0000 escape). That is malformed input, not a
// database failure.
db::Result run(db::Pool& pool, std::string_view sql, const db::Params& params) {
  auto conn = pool.acquire();
  try {
    return conn->exec(sql, params);
  } catch (const db::Error& e) {
    if (e.sqlstate().starts_with("22")) throw std::invalid_argument(std::string("state store: ") + e.what());
    throw;
  }
}

}  // namespace

PgStateStore::PgStateStore(db::Pool& pool, std::string key_prefix) : pool_(pool), prefix_(std::move(key_prefix)) {
  if (illegal(prefix_)) throw std::invalid_argument("state key prefix must not contain '||'");
}

std::optional<std::string> PgStateStore::stored_key(std::string_view key) const {
  if (key.empty() || illegal(key)) return std::nullopt;
  if (prefix_.empty()) return std::string(key);  // Dapr's keyPrefix `none`
  std::string out;
  out.reserve(prefix_.size() + kSeparator.size() + key.size());
  out.append(prefix_).append(kSeparator).append(key);
  return out;
}

std::string PgStateStore::stored_key_or_throw(std::string_view key) const {
  auto k = stored_key(key);
  if (!k) throw std::invalid_argument("state key must be non-empty and must not contain '||'");
  return std::move(*k);
}

std::optional<StateItem> PgStateStore::get(std::string_view key) {
  // A key that could never have been stored is simply absent.
  const auto k = stored_key(key);
  if (!k) return std::nullopt;
  try {
    const auto r = run(pool_, kGet, db::Params(*k));
    if (r.empty()) return std::nullopt;
    return StateItem{r.front().str(0), r.front().str(1)};
  } catch (const std::invalid_argument&) {
    return std::nullopt;  // a key PostgreSQL cannot even compare (invalid UTF-8)
  }
}

StateResult PgStateStore::save(std::string_view key, std::string_view json_value, const SaveOptions& options) {
  const auto k = stored_key_or_throw(key);
  require_json(json_value);
  std::optional<long long> ttl;
  if (options.ttl) {
    if (options.ttl->count() <= 0) throw std::invalid_argument("state TTL must be positive");
    ttl = options.ttl->count();
  }
  db::Result r;
  if (options.etag && !options.etag->empty()) {
    // An ETag always means compare-and-set, whatever the concurrency mode.
    const auto xid = parse_etag(*options.etag);
    if (!xid) return {StateError::InvalidEtag, {}};
    r = run(pool_, kUpdateIfMatch, db::Params(k, json_value, *xid, ttl));
  } else {
    r = run(pool_, options.concurrency == Concurrency::FirstWrite ? kInsertIfAbsent : kUpsert,
            db::Params(k, json_value, ttl));
  }
  if (r.empty()) return {StateError::EtagMismatch, {}};
  return {std::nullopt, r.front().str(0)};
}

StateResult PgStateStore::remove(std::string_view key, std::optional<std::string_view> etag) {
  const auto k = stored_key_or_throw(key);
  if (!etag || etag->empty()) {
    run(pool_, kDelete, db::Params(k));  // deleting an absent key is fine
    return {};
  }
  const auto xid = parse_etag(*etag);
  if (!xid) return {StateError::InvalidEtag, {}};
  if (run(pool_, kDeleteIfMatch, db::Params(k, *xid)).affected() != 1) return {StateError::EtagMismatch, {}};
  return {};
}

long long purge_expired_state(db::Pool& pool) {
  auto conn = pool.acquire();
  return conn->exec("DELETE FROM state WHERE expiredate IS NOT NULL AND expiredate < CURRENT_TIMESTAMP").affected();
}

}  // namespace todo::runtime::local
