#pragma once
// Query results with typed accessors. Owns the libpq result but does not
// expose libpq to callers.
#include <forward_list>
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
  // The elements of an array column as views, appended to `out` (see
  // array_literal_views).
  void text_array_views(int col, std::vector<std::string_view>& out, std::forward_list<std::string>& unescaped) const;

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

// The elements of PostgreSQL's array text output ({a,"b c",NULL}; NULLs are
// skipped) appended to `out` as views into `text`, without a copy; only an
// element with backslash escapes is unescaped into `unescaped`
// (a list: its strings stay where they are). Both must outlive the views.
void array_literal_views(std::string_view text, std::vector<std::string_view>& out,
                         std::forward_list<std::string>& unescaped);

}  // namespace todo::db
