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

// The instants the platform accepts and stores: years 1 to 9999 in UTC, what
// RFC 3339 text and PostgreSQL's four-digit ISO output can both express.
// "9999-12-31T23:59:59-23:59" is a valid RFC 3339 text of an instant in
// year 10000, and is refused.
inline constexpr Instant kMinInstant{std::chrono::sys_days{std::chrono::year{1} / 1 / 1}};
inline constexpr Instant kMaxInstant{std::chrono::sys_days{std::chrono::year{10000} / 1 / 1} - Millis{1}};

// Parses RFC 3339 date-time ("2026-11-24T10:00:00Z", fractions of any length,
// "+01:00" offsets, lower-case 't'/'z'), and PostgreSQL's ISO output
// ("2026-11-24 10:00:00.123+00"). Sub-millisecond digits are truncated.
// Instants outside [kMinInstant, kMaxInstant] (after the offset) are nullopt.
std::optional<Instant> parse_rfc3339(std::string_view text);

// "2026-11-24T10:00:00.000Z"
std::string format_rfc3339(Instant t);
// The same text appended to `out` (no string of its own: a listed page
// writes three or four per task).
void append_rfc3339(std::string& out, Instant t);

// Milliseconds since the Unix epoch.
inline long long to_unix_ms(Instant t) { return t.time_since_epoch().count(); }
inline Instant from_unix_ms(long long ms) { return Instant{Millis{ms}}; }

}  // namespace todo::core
