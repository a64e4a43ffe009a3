#pragma once
// The StateStore port beside a Dapr sidecar: the state API of component
// `statestore` (state.postgresql v1: ETag = the row's xmin; the sidecar
// prefixes keys with the app id). 409 is EtagMismatch, 400 on an ETag is
// InvalidEtag. A failing sidecar is ApiError(Unavailable), i.e. 503.
//
// Dapr v1 reports a first-write on an existing key as a generic error (500):
// such a save is checked with a read and reported as EtagMismatch when the
// key exists.
#include <string>

#include "runtime/dapr/sidecar.h"
#include "runtime/state_store.h"

namespace todo::runtime::dapr {

class DaprStateStore final : public StateStore {
 public:
  DaprStateStore(Sidecar& sidecar, std::string store = "statestore") : sidecar_(sidecar), store_(std::move(store)) {}
  std::optional<StateItem> get(std::string_view key) override;
  using StateStore::save;
  StateResult save(std::string_view key, std::string_view json_value, const SaveOptions& options) override;
  StateResult remove(std::string_view key, std::optional<std::string_view> etag = std::nullopt) override;

 private:
  std::string url(std::string_view key) const;
  net::ClientResponse call(std::string method, std::string target, std::string body = {}, net::Headers headers = {});

  Sidecar& sidecar_;
  std::string store_;
};

}  // namespace todo::runtime::dapr
