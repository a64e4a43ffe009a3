#pragma once
// The few Unicode facts validation needs: length in code points, trimming of
// Unicode white space, and control characters. Input is already valid UTF-8
// (the JSON parser rejects anything else).
#include <cstddef>
#include <string>
#include <string_view>

namespace todo::core::utf8 {

// Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid(std::string_view s);
size_t length(std::string_view s);
// The longest prefix of at most `max_bytes` bytes that does not cut a
// character in two (for quoting client text in a message).
std::string_view prefix(std::string_view s, size_t max_bytes);
std::string_view trim(std::string_view s);
// True if s contains a C0/C1 control character other than those in `allowed`.
bool has_control(std::string_view s, std::string_view allowed = {});

}  // namespace todo::core::utf8
