#pragma once
// Shared by the libFuzzer targets of tests/fuzz: a property check that
// aborts (libFuzzer then saves the input as a crash), and small helpers.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/time.h"

// Fails the run with a message naming the broken property and the values
// involved; libFuzzer writes the input to crash-<sha1> and exits non-zero.
#define FUZZ_CHECK(cond, ...)                                                     \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "\n==fuzz== property failed at %s:%d: %s\n", __FILE__, \
                   __LINE__, #cond);                                              \
      std::fprintf(stderr, "==fuzz== " __VA_ARGS__);                              \
      std::fprintf(stderr, "\n");                                                 \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

namespace todo::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A fixed "now" keeps every run deterministic (tokens in the corpus stay
// valid, reproducers reproduce): 2026-06-01T12:00:00Z.
inline core::Instant fixed_now() { return core::from_unix_ms(1780315200000LL); }

// Printable excerpt of a value for a failure message.
inline std::string excerpt(std::string_view s, size_t max = 200) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

}  // namespace todo::fuzz
