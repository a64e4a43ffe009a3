#pragma once
// Instants and RFC 3339 text. The platform keeps every timestamp at
// millisecond precision in UTC so that what is stored, compared and printed
// is the same value (DESIGN §3: "RFC 3339 UTC timestamps with milliseconds").
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace todo::core {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Millis = std::chrono::milliseconds;

// Parses RFC 3339 date-time ("2026-11-24T10:00:00Z", fractions of any length,
// "+01:00" offsets, lower-case 't'/'z'), and PostgreSQL's ISO output
// ("2026-11-24 10:00:00.123+00"). Sub-millisecond digits are truncated.
std::optional<Instant> parse_rfc3339(std::string_view text);

// "2026-11-24T10:00:00.000Z"
std::string format_rfc3339(Instant t);

// Milliseconds since the Unix epoch.
inline long long to_unix_ms(Instant t) { return t.time_since_epoch().count(); }
inline Instant from_unix_ms(long long ms) { return Instant{Millis{ms}}; }

}  // namespace todo::core
