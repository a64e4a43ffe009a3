#pragma once
// How long a deleted task stays in the trash (DESIGN §3.8): listed by
// status=deleted and restorable for 30 days, then deleted for good by the
// hourly housekeeping, without an event. One horizon serves all three, so a
// task the list still shows can be restored and one it no longer shows
// cannot, whenever the purge runs.
#include <chrono>

#include "core/time.h"

namespace todo::services::todo_api {

inline constexpr std::chrono::hours kTrashRetention{24 * 30};

// Tasks deleted before this instant have left the trash.
inline core::Instant trash_horizon(core::Instant now) { return now - kTrashRetention; }

}  // namespace todo::services::todo_api
