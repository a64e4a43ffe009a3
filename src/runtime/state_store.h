#pragma once
// The StateStore port with Dapr state API semantics: values are JSON
// documents, every write returns a new ETag, and a write or delete that names
// an ETag succeeds only if it still matches (otherwise EtagMismatch, Dapr's
// 409). Concurrency FirstWrite makes a write without an ETag fail when the
// key already exists. A save may carry a time to live: the key reads as
// absent once it has passed (Dapr's ttlInSeconds).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace todo::runtime {

enum class Concurrency { FirstWrite, LastWrite };

enum class StateError {
  EtagMismatch,  // Dapr answers 409
  InvalidEtag,   // Dapr answers 400
};

struct StateItem {
  std::string value;  // JSON text
  std::string etag;
};

struct StateResult {
  std::optional<StateError> error;
  std::string etag;  // the new ETag after a successful save
  bool ok() const { return !error; }
};

class StateStore {
 public:
  virtual ~StateStore() = default;
  virtual std::optional<StateItem> get(std::string_view key) = 0;
  struct SaveOptions {
    std::optional<std::string_view> etag;
    Concurrency concurrency = Concurrency::LastWrite;
    std::optional<std::chrono::seconds> ttl;  // none: the key never expires (and a previous TTL is cleared)
  };
  virtual StateResult save(std::string_view key, std::string_view json_value, const SaveOptions& options) = 0;
  StateResult save(std::string_view key, std::string_view json_value,
                   std::optional<std::string_view> etag = std::nullopt,
                   Concurrency concurrency = Concurrency::LastWrite) {
    return save(key, json_value, SaveOptions{etag, concurrency, std::nullopt});
  }
  virtual StateResult remove(std::string_view key, std::optional<std::string_view> etag = std::nullopt) = 0;
};

}  // namespace todo::runtime
