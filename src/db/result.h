#pragma once
// Query results with typed accessors. Owns the libpq result but does not
// expose libpq to callers.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace todo::db {

class Result;

// A row keeps its result alive, so `exec(...).front()` is safe to hold.
class Row {
 public:
  Row(const Result& r, int row);
  bool is_null(int col) const;
  std::string_view text(int col) const;
  std::string str(int col) const { return std::string(text(col)); }
  std::optional<std::string> opt_str(int col) const;
  long long int64(int col) const;
  bool boolean(int col) const;
  core::Instant instant(int col) const;
  std::optional<core::Instant> opt_instant(int col) const;
  std::vector<std::string> text_array(int col) const;

 private:
  std::shared_ptr<void> res_;
  int row_;
};

class Result {
 public:
  Result() = default;
  explicit Result(void* pg_result);  // takes ownership of a PGresult*
  int size() const;
  bool empty() const { return size() == 0; }
  Row operator[](int row) const { return Row(*this, row); }
  Row front() const { return Row(*this, 0); }
  long long affected() const;  // rows changed by INSERT/UPDATE/DELETE

  struct Iterator {
    const Result* r;
    int i;
    Row operator*() const { return Row(*r, i); }
    Iterator& operator++() { ++i; return *this; }
    bool operator!=(const Iterator& o) const { return i != o.i; }
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size()}; }

 private:
  friend class Row;
  std::shared_ptr<void> res_;
};

// Parses PostgreSQL array text output ({a,"b c",NULL}) into strings; NULLs are skipped.
std::vector<std::string> parse_array_literal(std::string_view text);

}  // namespace todo::db
