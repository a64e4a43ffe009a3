#include "services/recurring-service/recurring_service.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/uuid.h"
#include "db/transaction.h"
#include "obs/log.h"
#include "runtime/consume_once.h"
#include "services/recurring-service/next_occurrence.h"

namespace todo::services::recurring {
namespace json = boost::json;
using runtime::Delivery;

namespace {

std::string job_name(const std::string& task_id) { return std::string(kReminderJobPrefix) + task_id; }

std::string state_of(const core::Event& e, const core::Task& t) {
  if (e.type == core::event_types::kTaskDeleted) return "deleted";
  return t.completed ? "completed" : "pending";
}

bool changed(const core::Event& e, std::string_view field) {
  const auto* changes = e.data.if_contains("changes");
  return changes && changes->is_object() && changes->get_object().contains(field);
}

}  // namespace

void RecurringService::subscribe(runtime::EventBus& bus) {
  bus.subscribe(runtime::Subscription{std::string(core::topics::kTaskEvents), std::string(kAppId),
                                      [this](const core::Event& e) { return on_task_event(e); }});
}

void RecurringService::register_jobs(runtime::Scheduler& scheduler) {
  scheduler.handle(std::string(kReminderJobPrefix), [this](const runtime::Job& j) { return on_reminder_job(j); });
  scheduler.handle(std::string(kSweepJob), [this](const runtime::Job&) {
    const int fired = sweep();
    if (fired > 0) obs::warn(kAppId, "sweep fired reminders whose job was lost", {{"count", fired}});
    ctx_.scheduler->schedule(kSweepJob, ctx_.clock.now() + opts_.sweep_interval, json::object{});
    return runtime::JobOutcome::Success;
  });
}

void RecurringService::start() {
  ctx_.scheduler->schedule(kSweepJob, ctx_.clock.now() + opts_.sweep_interval, json::object{});
}

Delivery RecurringService::on_task_event(const core::Event& event) {
  const auto* task_json = event.data.if_contains("task");
  if (!task_json || !task_json->is_object()) return Delivery::Drop;
  core::Task task;
  try {
    task = core::task_from_json(task_json->get_object());
  } catch (const std::exception& e) {
    obs::error(kAppId, "task event without a usable task", {{"event_id", event.id}, {"error", e.what()}});
    return Delivery::Drop;
  }
  return runtime::consume_once(ctx_.db, kAppId, event, [&](db::Transaction& tx) {
    const auto state = state_of(event, task);
    // A deletion outranks any version of the task it deletes.
    const long long version = state == "deleted" ? task.version + 1 : task.version;
    tx.exec(
        "INSERT INTO recurring_reminders (task_id, user_id, title, due_date, reminder_at, timezone, state,"
        " task_version, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        " ON CONFLICT (task_id) DO UPDATE SET title = EXCLUDED.title, due_date = EXCLUDED.due_date,"
        " reminder_at = EXCLUDED.reminder_at, timezone = EXCLUDED.timezone, state = EXCLUDED.state,"
        " task_version = EXCLUDED.task_version, updated_at = EXCLUDED.updated_at"
        " WHERE recurring_reminders.task_version <= EXCLUDED.task_version",
        db::Params(task.id, task.user_id, task.title, task.due_date, task.reminder_at, task.timezone, state, version,
                   ctx_.clock.now()));

    // The series anchor: a new recurring task starts a series; a new rule or
    // zone, or moving the first occurrence, starts it again.
    if (task.recurrence && task.due_date) {
      const bool restart = changed(event, "recurrence") || changed(event, "timezone") ||
                           (changed(event, "due_date") && !task.parent_task_id);
      tx.exec(std::string("INSERT INTO recurring_series (task_id, user_id, dtstart, rule, timezone)"
                          " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (task_id) DO ") +
                  (restart ? "UPDATE SET dtstart = EXCLUDED.dtstart, rule = EXCLUDED.rule, timezone = EXCLUDED.timezone"
                           : "NOTHING"),
              db::Params(task.id, task.user_id, *task.due_date, *task.recurrence, task.timezone));
    }

    // Arm, move or cancel the reminder. Scheduling is part of this
    // transaction, so the job exists exactly when this change does.
    bool arm = state == "pending" && task.reminder_at.has_value();
    if (arm) {
      arm = tx.exec("SELECT 1 FROM recurring_fired_reminders WHERE task_id = $1 AND reminder_at = $2",
                    db::Params(task.id, *task.reminder_at))
                .empty();
    }
    if (arm) {
      ctx_.scheduler->schedule(tx, job_name(task.id), *task.reminder_at,
                               json::object{{"task_id", task.id},
                                            {"user_id", task.user_id},
                                            {"reminder_at", core::format_rfc3339(*task.reminder_at)},
                                            {"version", version}});
    } else {
      ctx_.scheduler->cancel(tx, job_name(task.id));
    }

    if (event.type == core::event_types::kTaskCompleted && task.recurrence) return create_next_occurrence(task, event, tx);
    return Delivery::Success;
  });
}

Delivery RecurringService::create_next_occurrence(const core::Task& task, const core::Event& cause, db::Transaction& tx) {
  std::optional<SeriesAnchor> anchor;
  const auto res = tx.exec("SELECT dtstart, rule, timezone FROM recurring_series WHERE task_id = $1", db::Params(task.id));
  if (!res.empty()) anchor = SeriesAnchor{res.front().instant(0), res.front().str(1), res.front().str(2)};
  const auto next = next_occurrence(task, anchor);
  if (!next) return Delivery::Success;  // the series has ended

  const json::object body{{"user_id", task.user_id},
                          {"parent_task_id", task.id},
                          {"task", json::object{{"title", task.title},
                                                {"description", task.description},
                                                {"priority", core::to_string(task.priority)},
                                                {"tags", core::json_array(task.tags)},
                                                {"due_date", core::format_rfc3339(next->due)},
                                                {"reminder_at", core::json_or_null(next->reminder_at)},
                                                {"recurrence", *task.recurrence},
                                                {"recurrence_end", core::json_or_null(task.recurrence_end)},
                                                {"timezone", task.timezone}}}};
  net::Request req;
  req.method = "POST";
  req.path = req.target = "/internal/next-occurrence";
  req.headers = {{"content-type", "application/json"},
                 // One next occurrence per completed task, however often the
                 // completion or its event repeats.
                 {"idempotency-key", "next-occurrence:" + task.id},
                 {"x-request-id", cause.id},
                 {"traceparent", cause.traceparent}};
  req.body = json::serialize(body);
  const auto reply = ctx_.invoker->invoke("todo-api", std::move(req));
  if (reply.status == 200 || reply.status == 201) {
    const auto created = json::parse(reply.body).as_object();
    const std::string child_id(created.at("id").as_string());
    const auto dtstart = anchor && anchor->rule == *task.recurrence && anchor->timezone == task.timezone
                             ? anchor->dtstart
                             : *task.due_date;
    tx.exec("INSERT INTO recurring_series (task_id, user_id, dtstart, rule, timezone) VALUES ($1, $2, $3, $4, $5)"
            " ON CONFLICT (task_id) DO NOTHING",
            db::Params(child_id, task.user_id, dtstart, *task.recurrence, task.timezone));
    obs::info(kAppId, "next occurrence created",
              {{"task_id", task.id}, {"next_task_id", child_id}, {"index", next->index}});
    return Delivery::Success;
  }
  obs::warn(kAppId, "todo-api refused the next occurrence", {{"task_id", task.id}, {"status", reply.status},
                                                             {"body", reply.body.substr(0, 300)}});
  // 5xx: todo-api is away, try again; 4xx: it never will succeed, dead-letter it.
  return reply.status >= 500 ? Delivery::Retry : Delivery::Drop;
}

bool RecurringService::fire(db::Transaction& tx, const std::string& task_id, core::Instant reminder_at) {
  const auto rows = tx.exec(
      "SELECT user_id, title, due_date, timezone FROM recurring_reminders"
      " WHERE task_id = $1 AND state = 'pending' AND reminder_at = $2",
      db::Params(task_id, reminder_at));
  if (rows.empty()) return false;
  const auto r = rows.front();
  const auto user_id = r.str(0);
  const auto now = ctx_.clock.now();
  const auto event = core::make_event(core::event_types::kReminderDue, user_id, task_id, now,
                                      core::EventOrigin{std::string(kAppId), "", ""},
                                      json::object{{"task_id", task_id},
                                                   {"title", r.str(1)},
                                                   {"due_date", core::json_or_null(r.opt_instant(2))},
                                                   {"reminder_at", core::format_rfc3339(reminder_at)},
                                                   {"timezone", r.str(3)}});
  const auto inserted = tx.exec(
      "INSERT INTO recurring_fired_reminders (task_id, reminder_at, fired_at, event_id) VALUES ($1, $2, $3, $4)"
      " ON CONFLICT DO NOTHING",
      db::Params(task_id, reminder_at, now, event.id));
  if (inserted.affected() == 0) return false;  // fired before: once per (task, reminder_at)
  ctx_.bus.publish(tx, core::topics::kReminders, event);
  return true;
}

runtime::JobOutcome RecurringService::on_reminder_job(const runtime::Job& job) {
  const auto* data = job.data.if_object();
  const auto* task_id = data ? data->if_contains("task_id") : nullptr;
  const auto* at = data ? data->if_contains("reminder_at") : nullptr;
  const auto* version = data ? data->if_contains("version") : nullptr;
  if (!task_id || !task_id->is_string() || !at || !at->is_string() || !version || !version->is_int64() ||
      !core::is_uuid(task_id->get_string()))
    return runtime::JobOutcome::Success;  // not ours to understand; retrying will not help
  const auto reminder_at = core::parse_rfc3339(at->get_string());
  if (!reminder_at) return runtime::JobOutcome::Success;
  const std::string id(task_id->get_string());
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    const auto rows = tx.exec("SELECT task_version FROM recurring_reminders WHERE task_id = $1 FOR UPDATE",
                              db::Params(id));
    // The change that armed this job is not visible yet (another runtime's
    // scheduler can be faster than our commit): try again shortly.
    if (rows.empty() || rows.front().int64(0) < version->get_int64()) return runtime::JobOutcome::Failure;
    if (fire(tx, id, *reminder_at))
      obs::info(kAppId, "reminder fired", {{"task_id", id}, {"reminder_at", core::format_rfc3339(*reminder_at)}});
    // Stale (moved, completed, deleted) or already fired: nothing to do.
    return runtime::JobOutcome::Success;
  });
}

int RecurringService::sweep() {
  const auto cutoff = ctx_.clock.now() - opts_.sweep_grace;
  std::vector<std::pair<std::string, core::Instant>> due;
  {
    auto conn = ctx_.db.acquire();
    for (const auto& r : conn->exec(
             "SELECT task_id, reminder_at FROM recurring_reminders r WHERE state = 'pending' AND reminder_at <= $1"
             " AND NOT EXISTS (SELECT 1 FROM recurring_fired_reminders f"
             "                 WHERE f.task_id = r.task_id AND f.reminder_at = r.reminder_at)"
             " ORDER BY reminder_at LIMIT 1000",
             db::Params(cutoff)))
      due.emplace_back(r.str(0), r.instant(1));
  }
  int fired = 0;
  for (const auto& [task_id, at] : due) {
    db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
      tx.exec("SELECT 1 FROM recurring_reminders WHERE task_id = $1 FOR UPDATE", db::Params(task_id));
      if (fire(tx, task_id, at)) ++fired;
    });
  }
  return fired;
}

}  // namespace todo::services::recurring
