#include "db/params.h"

namespace todo::db {

Params& Params::add(core::Instant t) {
  values_.emplace_back(core::format_rfc3339(t));
  return *this;
}

Params& Params::add(const std::vector<std::string>& array) {
  values_.emplace_back(to_array_literal(array));
  return *this;
}

std::string to_array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace todo::db
