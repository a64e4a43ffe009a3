#pragma once
// The local StateStore: PostgreSQL, in the table and with the semantics of
// Dapr's `state.postgresql` v1 component (migrations/0004_state_store.sql),
// so a service's state survives a move to the Dapr runtime unchanged.
//
// - Keys are stored as `<prefix>||<key>` (Dapr's keyPrefix; pass the app id
//   for Dapr's default, "" for keyPrefix `none`). A key that is empty or
//   contains `||` can never be stored (Dapr answers 400): get() returns
//   nullopt, save()/remove() throw std::invalid_argument, like any other
//   malformed request. A prefix containing `||` throws at construction
//   (Dapr refuses to load the component).
// - The ETag is the row's xmin as a decimal string. An ETag that is not a
//   decimal uint32 is InvalidEtag; an empty ETag counts as none (Dapr's
//   HasETag). A write or delete naming an ETag succeeds only on a live row
//   whose xmin still matches, else EtagMismatch (also when the key is absent).
// - save() without an ETag: LastWrite upserts; FirstWrite inserts, or
//   replaces an expired row, else EtagMismatch. (Dapr v1 reports that last
//   case as a generic error, HTTP 500; the port has only EtagMismatch.)
// - Values are JSON text, checked with Boost.JSON (std::invalid_argument if
//   not JSON) and stored as jsonb, so get() returns PostgreSQL's normalised
//   rendering (key order and whitespace may differ), as Dapr does.
// - A save's TTL sets expiredate (Dapr's ttlInSeconds); a save without one
//   clears it. Expired rows read as absent; the GC of Dapr's component (or a
//   later write of the same key) removes them.
// - Each operation is one statement on a pooled connection in autocommit, so
//   the compare and the write are atomic (no read-modify-write window), and
//   every write is its own transaction, so xmin changes on every write.
#include <string>

#include "db/pool.h"
#include "runtime/state_store.h"

namespace todo::runtime::local {

class PgStateStore final : public runtime::StateStore {
 public:
  PgStateStore(db::Pool& pool, std::string key_prefix);

  std::optional<StateItem> get(std::string_view key) override;
  using StateStore::save;
  StateResult save(std::string_view key, std::string_view json_value, const SaveOptions& options) override;
  StateResult remove(std::string_view key, std::optional<std::string_view> etag = std::nullopt) override;

 private:
  // The stored key, or nullopt when `key` is empty or contains `||`.
  std::optional<std::string> stored_key(std::string_view key) const;
  std::string stored_key_or_throw(std::string_view key) const;

  db::Pool& pool_;
  std::string prefix_;
};

// Deletes the rows whose TTL has passed (they already read as absent) and
// returns how many. Beside Dapr the sidecar's component does the same on
// its cleanupInterval; embedded, the local runtime calls this on a timer, so
// rows written for unauthenticated traffic (sign-in attempts for unknown
// emails) never pile up.
long long purge_expired_state(db::Pool& pool);

}  // namespace todo::runtime::local
