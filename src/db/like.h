#pragma once
// LIKE patterns from plain text: `%`, `_` and the escape character `\`
// (PostgreSQL's default) lose their meaning.
#include <string>
#include <string_view>

namespace todo::db {

inline std::string like_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// A pattern matching `text` anywhere ("%text%") and one matching what starts with it ("text%").
inline std::string like_contains(std::string_view text) { return "%" + like_escape(text) + "%"; }
inline std::string like_prefix(std::string_view text) { return like_escape(text) + "%"; }

}  // namespace todo::db
