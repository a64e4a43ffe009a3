#pragma once
// The events a task mutation causes (DESIGN §2.2, §3.3): every one goes to
// task-events (audit, recurrence) and task-updates (live views), written in
// the mutation's own transaction.
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/task.h"
#include "core/task_input.h"
#include "db/transaction.h"
#include "runtime/event_bus.h"

namespace todo::services::todo_api {

inline constexpr std::string_view kAppId = "todo-api";

// `task` is the resource after the change (before it, for task.deleted).
void publish_task_event(runtime::EventBus& bus, db::Transaction& tx, std::string_view type, const core::Task& task,
                        const core::EventOrigin& origin, core::Instant now,
                        const std::vector<core::FieldChange>* changes = nullptr);

}  // namespace todo::services::todo_api
