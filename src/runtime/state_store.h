#pragma once
// The StateStore port with Dapr state API semantics: values are JSON
// documents, every write returns a new ETag, and a write or delete that names
// an ETag succeeds only if it still matches (otherwise EtagMismatch, Dapr's
// 409). Concurrency FirstWrite makes a write without an ETag fail when the
// key already exists.
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
  virtual StateResult save(std::string_view key, std::string_view json_value,
                           std::optional<std::string_view> etag = std::nullopt,
                           Concurrency concurrency = Concurrency::LastWrite) = 0;
  virtual StateResult remove(std::string_view key, std::optional<std::string_view> etag = std::nullopt) = 0;
};

}  // namespace todo::runtime
