#include "services/todo-api/task_events.h"

#include <boost/json.hpp>

namespace todo::services::todo_api {

void publish_task_event(runtime::EventBus& bus, db::Transaction& tx, std::string_view type, const core::Task& task,
                        const core::EventOrigin& origin, core::Instant now,
                        const std::vector<core::FieldChange>* changes) {
  boost::json::object fields{{"task_id", task.id}, {"task", core::to_json(task)}};
  if (changes) fields["changes"] = core::changes_to_json(*changes);
  const auto event = core::make_event(type, task.user_id, task.id, now, origin, std::move(fields));
  bus.publish(tx, {core::topics::kTaskEvents, core::topics::kTaskUpdates}, event);
}

}  // namespace todo::services::todo_api
