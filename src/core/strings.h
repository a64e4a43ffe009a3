#pragma once
// Small ASCII text helpers shared by every parser: header names, media
// types, comma-separated values (query parameters, If-Match, subprotocol
// lists, SERVICES), tags.
#include <string>
#include <string_view>
#include <vector>

namespace todo::core {

// Lower-cases ASCII letters only; other bytes (UTF-8 included) are kept.
std::string ascii_lower(std::string_view s);
// ASCII case-insensitive equality (header names, schemes).
bool iequals(std::string_view a, std::string_view b);
// `s` without leading and trailing characters of `chars` (ASCII white space by default).
std::string_view trim_ascii(std::string_view s, std::string_view chars = " \t\r\n\f\v");

// "a, b ,c" -> {"a", "b", "c"}: split on `sep`, ASCII spaces and tabs trimmed,
// empty items kept (callers decide whether they are errors).
std::vector<std::string_view> split_list(std::string_view s, char sep = ',');

}  // namespace todo::core
