#include "core/local_time.h"

#include <cctz/time_zone.h>

#include "core/recurrence.h"

namespace todo::core {

std::string format_local(Instant t, std::string_view tz, std::string_view format) {
  cctz::time_zone zone = cctz::utc_time_zone();
  if (is_valid_timezone(tz)) cctz::load_time_zone(std::string(tz), &zone);
  return cctz::format(std::string(format), std::chrono::time_point_cast<std::chrono::seconds>(t), zone);
}

}  // namespace todo::core
