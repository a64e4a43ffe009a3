#include "core/strings.h"

namespace todo::core {

std::vector<std::string_view> split_list(std::string_view s, char sep) {
  std::vector<std::string_view> items;
  size_t start = 0;
  for (;;) {
    const size_t end = s.find(sep, start);
    auto item = s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    items.push_back(item);
    if (end == std::string_view::npos) return items;
    start = end + 1;
  }
}

}  // namespace todo::core
