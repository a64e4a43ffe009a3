#pragma once
// The text of a reminder notification (pure logic).
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace todo::services::notification {

// "Reminder: “Pay rent” is due Tue 01 Dec 2026 09:00 (Europe/Berlin)", or
// "Reminder: “Pay rent”" for a task without a due date.
std::string reminder_message(std::string_view title, const std::optional<core::Instant>& due, std::string_view tz);

}  // namespace todo::services::notification
