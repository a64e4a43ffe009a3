#pragma once
// Query parameters in PostgreSQL's text format. Every query is parameterized;
// no value is ever spliced into SQL text.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace todo::db {

class Params {
 public:
  Params() = default;
  template <typename... Ts>
  explicit Params(const Ts&... values) {
    values_.reserve(sizeof...(Ts));
    (add(values), ...);
  }

  Params& add(std::nullopt_t) { values_.emplace_back(std::nullopt); return *this; }
  Params& add(const std::string& s) { values_.emplace_back(s); return *this; }
  Params& add(std::string_view s) { values_.emplace_back(std::string(s)); return *this; }
  Params& add(const char* s) { values_.emplace_back(std::string(s)); return *this; }
  Params& add(bool b) { values_.emplace_back(b ? "t" : "f"); return *this; }
  Params& add(int v) { values_.emplace_back(std::to_string(v)); return *this; }
  Params& add(long v) { values_.emplace_back(std::to_string(v)); return *this; }
  Params& add(long long v) { values_.emplace_back(std::to_string(v)); return *this; }
  Params& add(core::Instant t);
  Params& add(const std::vector<std::string>& array);  // text[] literal
  template <typename T>
  Params& add(const std::optional<T>& v) {
    if (v) return add(*v);
    return add(std::nullopt);
  }

  size_t size() const { return values_.size(); }
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

// `{"a","b"}` with quotes and backslashes escaped.
std::string to_array_literal(const std::vector<std::string>& items);

}  // namespace todo::db
