#include "core/strings.h"

namespace todo::core {
namespace {

char lower_char(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = lower_char(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower_char(a[i]) != lower_char(b[i])) return false;
  return true;
}

std::string_view trim_ascii(std::string_view s, std::string_view chars) {
  const auto begin = s.find_first_not_of(chars);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(chars) - begin + 1);
}

std::vector<std::string_view> split_list(std::string_view s, char sep) {
  std::vector<std::string_view> items;
  size_t start = 0;
  for (;;) {
    const size_t end = s.find(sep, start);
    items.push_back(trim_ascii(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start),
                               " \t"));
    if (end == std::string_view::npos) return items;
    start = end + 1;
  }
}

}  // namespace todo::core
