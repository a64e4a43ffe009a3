#pragma once
// Instants shown as wall-clock time in a user's time zone (for messages).
#include <string>
#include <string_view>

#include "core/time.h"

namespace todo::core {

// strftime-style `format` in zone `tz` (falls back to UTC for an unknown zone).
std::string format_local(Instant t, std::string_view tz, std::string_view format = "%a %d %b %Y %H:%M");

}  // namespace todo::core
