#include "db/result.h"

#include <libpq-fe.h>

#include <charconv>
#include <stdexcept>

namespace todo::db {
namespace {

PGresult* pg(const std::shared_ptr<void>& p) { return static_cast<PGresult*>(p.get()); }

}  // namespace

Result::Result(void* r) : res_(r, [](void* p) { PQclear(static_cast<PGresult*>(p)); }) {}

int Result::size() const { return res_ ? PQntuples(pg(res_)) : 0; }

long long Result::affected() const {
  if (!res_) return 0;
  const char* s = PQcmdTuples(pg(res_));
  long long n = 0;
  std::from_chars(s, s + std::char_traits<char>::length(s), n);
  return n;
}

Row::Row(const Result& r, int row) : res_(r.res_), row_(row) {}

bool Row::is_null(int col) const { return PQgetisnull(pg(res_), row_, col) != 0; }

std::string_view Row::text(int col) const {
  const auto* r = pg(res_);
  return {PQgetvalue(r, row_, col), static_cast<size_t>(PQgetlength(r, row_, col))};
}

std::optional<std::string> Row::opt_str(int col) const {
  if (is_null(col)) return std::nullopt;
  return str(col);
}

long long Row::int64(int col) const {
  const auto t = text(col);
  long long v = 0;
  const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size())
    throw std::runtime_error("column " + std::to_string(col) + " is not an integer: " + std::string(t));
  return v;
}

bool Row::boolean(int col) const { return text(col) == "t"; }

namespace {

// A stored timestamp outside what the platform accepts: PostgreSQL prints a
// year past 9999 with more digits ("10000-01-01 …") and one before year 1
// with " BC". Rows written before the platform bounded its input can hold
// them; they read as the nearest bound, so the row stays usable (listed,
// updated, deleted) instead of failing every request that touches it.
std::optional<core::Instant> out_of_range_bound(std::string_view t) {
  if (t.ends_with(" BC")) return core::kMinInstant;
  size_t digits = 0;
  while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
  if (digits > 4 && digits < t.size() && t[digits] == '-') return core::kMaxInstant;
  if (t.starts_with("0000-")) return core::kMinInstant;
  if (t.starts_with("9999-12-31") || t.starts_with("0001-01-01")) {
    // The bound's own day, past it once the offset is applied.
    return t.starts_with("9999") ? core::kMaxInstant : core::kMinInstant;
  }
  if (t == "infinity") return core::kMaxInstant;
  if (t == "-infinity") return core::kMinInstant;
  return std::nullopt;
}

}  // namespace

core::Instant Row::instant(int col) const {
  const auto text_value = text(col);
  auto t = core::parse_rfc3339(text_value);
  if (!t) t = out_of_range_bound(text_value);
  if (!t) throw std::runtime_error("column " + std::to_string(col) + " is not a timestamp: " + std::string(text_value));
  return *t;
}

std::optional<core::Instant> Row::opt_instant(int col) const {
  if (is_null(col)) return std::nullopt;
  return instant(col);
}

void Row::text_array_views(int col, std::vector<std::string_view>& out, std::forward_list<std::string>& unescaped) const {
  if (!is_null(col)) array_literal_views(text(col), out, unescaped);
}

void array_literal_views(std::string_view s, std::vector<std::string_view>& out, std::forward_list<std::string>& unescaped) {
  if (s.size() < 2 || s.front() != '{' || s.back() != '}') return;
  size_t i = 1;
  const size_t end = s.size() - 1;
  while (i < end) {
    if (s[i] == '"') {
      const size_t start = ++i;
      bool escaped = false;
      while (i < end && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < end) {
          escaped = true;
          ++i;
        }
        ++i;
      }
      std::string_view item = s.substr(start, i - start);
      if (escaped) {
        auto& plain = unescaped.emplace_front();
        for (size_t j = 0; j < item.size(); ++j) {
          if (item[j] == '\\' && j + 1 < item.size()) ++j;
          plain += item[j];
        }
        item = plain;
      }
      out.push_back(item);  // quoted: "NULL" is the text, not a null
      ++i;                  // closing quote
    } else {
      const size_t start = i;
      while (i < end && s[i] != ',') ++i;
      const auto item = s.substr(start, i - start);
      if (item != "NULL") out.push_back(item);
    }
    if (i < end && s[i] == ',') ++i;
  }
}

}  // namespace todo::db
