#pragma once
// Small text helpers shared by parsers of comma-separated values
// (query parameters, If-Match, subprotocol lists, SERVICES).
#include <string_view>
#include <vector>

namespace todo::core {

// "a, b ,c" -> {"a", "b", "c"}: split on `sep`, ASCII spaces and tabs trimmed,
// empty items kept (callers decide whether they are errors).
std::vector<std::string_view> split_list(std::string_view s, char sep = ',');

}  // namespace todo::core
