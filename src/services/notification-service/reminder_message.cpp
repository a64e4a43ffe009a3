#include "services/notification-service/reminder_message.h"

#include "core/local_time.h"

namespace todo::services::notification {

std::string reminder_message(std::string_view title, const std::optional<core::Instant>& due, std::string_view tz) {
  std::string m = "Reminder: \u201c" + std::string(title) + "\u201d";
  if (due) m += " is due " + core::format_local(*due, tz) + " (" + std::string(tz) + ")";
  return m;
}

}  // namespace todo::services::notification
