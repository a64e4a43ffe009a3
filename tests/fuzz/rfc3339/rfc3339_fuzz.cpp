// core::parse_rfc3339 / format_rfc3339 (src/core/time.h).
//
// Properties, for any bytes x:
// - parse never crashes, leaks or hits UB;
// - an accepted x is an instant of the years 1-9999 UTC (core::kMinInstant,
//   kMaxInstant: what the text and PostgreSQL both carry), and round-trips:
//   format(parse(x)) parses to the same instant and formats to the same text
//   (24 characters, "YYYY-MM-DDTHH:MM:SS.mmmZ");
// - the first 8 bytes read as milliseconds, folded into that range,
//   round-trip the other way: parse(format(t)) == t.
#include <cstring>

#include "core/time.h"
#include "fuzz_common.h"

using namespace todo;

namespace {

const long long kFirstMs = core::to_unix_ms(core::kMinInstant);  // 0001-01-01T00:00:00.000Z
const long long kLastMs = core::to_unix_ms(core::kMaxInstant);   // 9999-12-31T23:59:59.999Z

void check_round_trip(core::Instant t, std::string_view origin) {
  FUZZ_CHECK(t >= core::kMinInstant && t <= core::kMaxInstant, "\"%s\" parses to %lld ms, outside years 1-9999",
             fuzz::excerpt(origin).c_str(), core::to_unix_ms(t));
  const std::string text = core::format_rfc3339(t);
  const auto again = core::parse_rfc3339(text);
  FUZZ_CHECK(again.has_value(), "format(%lld ms) = \"%s\" does not parse (input \"%s\")", core::to_unix_ms(t),
             text.c_str(), fuzz::excerpt(origin).c_str());
  FUZZ_CHECK(*again == t, "\"%s\" parses to %lld ms, formatted from %lld ms (input \"%s\")", text.c_str(),
             core::to_unix_ms(*again), core::to_unix_ms(t), fuzz::excerpt(origin).c_str());
  FUZZ_CHECK(text.size() == 24 && text[10] == 'T' && text[23] == 'Z', "format gave \"%s\"", text.c_str());
  FUZZ_CHECK(core::format_rfc3339(*again) == text, "format is not stable for \"%s\"", text.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = fuzz::as_text(data, size);
  if (const auto t = core::parse_rfc3339(text)) check_round_trip(*t, text);

  if (size >= 8) {
    uint64_t raw = 0;
    std::memcpy(&raw, data, 8);
    const long long span = kLastMs - kFirstMs + 1;
    const long long ms = kFirstMs + static_cast<long long>(raw % static_cast<uint64_t>(span));
    check_round_trip(core::from_unix_ms(ms), "(8 bytes as milliseconds)");
  }
  return 0;
}
