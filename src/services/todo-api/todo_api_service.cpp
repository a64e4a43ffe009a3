#include "services/todo-api/todo_api_service.h"

#include <boost/json.hpp>

#include "auth/request_auth.h"
#include "core/error.h"
#include "core/strings.h"
#include "core/task_input.h"
#include "core/task_query.h"
#include "core/uuid.h"
#include "db/transaction.h"
#include "db/error.h"
#include "net/json_body.h"
#include "obs/log.h"
#include "runtime/consume_once.h"
#include "services/todo-api/task_events.h"
#include "services/todo-api/task_repository.h"

namespace todo::services::todo_api {
namespace json = boost::json;
using core::ApiError;
using core::ErrorCode;
using net::Request;
using net::Response;

namespace {

core::EventOrigin origin_of(const Request& req) { return {std::string(kAppId), req.request_id, req.traceparent}; }

// The {id} path parameter. Anything that is not an id we issued cannot name a
// task of this user: 404, like any other unknown id.
std::string task_id_param(const Request& req) {
  const auto id = req.param("id");
  if (!core::is_uuid(id)) throw core::not_found("task");
  return std::string(id);
}

Response task_response(int status, const core::Task& t) {
  auto res = net::json_response(status, core::to_json(t));
  res.set_header("ETag", "\"" + std::to_string(t.version) + "\"");
  return res;
}

// If-Match (RFC 9110 §13.1.1): "*", or a list of versions such as "3" or 3.
// A value that names no current version fails the precondition.
void check_if_match(const Request& req, const core::Task& t) {
  if (!req.has_header("if-match")) return;
  const auto current = std::to_string(t.version);
  for (auto tag : core::split_list(req.header("if-match"))) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') tag = tag.substr(1, tag.size() - 2);
    if (tag == "*" || tag == current) return;
  }
  throw ApiError(ErrorCode::PreconditionFailed, "the task has changed: its version is " + current);
}

std::optional<std::string> idempotency_key(const Request& req) {
  if (!req.has_header("idempotency-key")) return std::nullopt;
  const auto key = req.header("idempotency-key");
  bool ok = !key.empty() && key.size() <= 255;
  for (char c : key) ok = ok && c >= 0x21 && c <= 0x7e;
  if (!ok) throw core::bad_request("Idempotency-Key must be 1-255 visible ASCII characters");
  return std::string(key);
}

std::string task_location(const std::string& user_id, const std::string& task_id) {
  return "/api/" + user_id + "/tasks/" + task_id;
}

Response replay(const StoredResponse& stored, const std::string& user_id) {
  Response res;
  res.status = stored.status;
  res.body = stored.body;
  res.set_header("Location", task_location(user_id, stored.task_id));
  res.set_header("Idempotent-Replayed", "true");
  return res;
}

// Retry after a concurrent request with the same Idempotency-Key won.
struct IdempotencyRace {};

}  // namespace

void TodoApiService::add_routes(net::Router& router) {
  net::ServiceRoutes r(router, std::string(kAppId));
  auto bind = [this](Response (TodoApiService::*fn)(Request&)) {
    return [this, fn](Request& req) { return (this->*fn)(req); };
  };
  r.get("/api/{user_id}/tasks", bind(&TodoApiService::list));
  r.post("/api/{user_id}/tasks", bind(&TodoApiService::create));
  r.get("/api/{user_id}/tasks/{id}", bind(&TodoApiService::get));
  r.put("/api/{user_id}/tasks/{id}", bind(&TodoApiService::update));
  r.patch("/api/{user_id}/tasks/{id}", bind(&TodoApiService::update));
  r.del("/api/{user_id}/tasks/{id}", bind(&TodoApiService::remove));
  r.patch("/api/{user_id}/tasks/{id}/complete", bind(&TodoApiService::complete));
  r.get("/api/{user_id}/stats", bind(&TodoApiService::stats));
  r.get("/api/{user_id}/tags", bind(&TodoApiService::tags));
}

Response TodoApiService::list(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto query = core::parse_task_query(req.query);
  auto conn = ctx_.db.acquire();
  const auto page = TaskRepository(*conn).list(user_id, query, ctx_.clock.now());
  json::array items;
  items.reserve(page.items.size());
  for (const auto& t : page.items) items.push_back(core::to_json(t));
  json::value next = nullptr;
  if (page.next) next = core::encode_cursor(core::cursor_scope(query.sort, query.descending), *page.next);
  return net::json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
}

Response TodoApiService::create(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto key = idempotency_key(req);
  return create_task(req, user_id, core::make_task(net::json_body(req)), key);
}

Response TodoApiService::create_task(const Request& req, const std::string& user_id, core::Task task,
                                     const std::optional<std::string>& key) {
  const auto request_hash = key ? auth::sha256_hex(req.body) : std::string();
  for (int attempt = 0;; ++attempt) {
    try {
      return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
        TaskRepository repo(tx.connection());
        if (key) {
          if (auto stored = repo.find_idempotent(user_id, *key)) {
            if (stored->request_hash != request_hash)
              throw ApiError(ErrorCode::ValidationFailed, "Idempotency-Key was already used with a different body",
                             {{"Idempotency-Key", "was already used with a different body"}});
            return replay(*stored, user_id);
          }
        }
        const auto now = ctx_.clock.now();
        task.id = core::new_uuid();
        task.user_id = user_id;
        task.created_at = task.updated_at = now;
        task.version = 1;
        repo.insert(task);
        publish_task_event(ctx_.bus, tx, core::event_types::kTaskCreated, task, origin_of(req), now);
        auto res = task_response(201, task);
        res.set_header("Location", task_location(user_id, task.id));
        if (key && !repo.store_idempotent(user_id, *key, StoredResponse{201, res.body, task.id, request_hash}, now))
          throw IdempotencyRace{};
        return res;
      });
    } catch (const IdempotencyRace&) {
      if (attempt >= 2) throw ApiError(ErrorCode::Conflict, "a request with this Idempotency-Key is in progress");
    }
  }
}

// POST /internal/next-occurrence (recurring-service through the Invoker):
// {user_id, parent_task_id, task: {...the fields of a create...}} with an
// Idempotency-Key. A completed task has at most one next occurrence, ever.
Response TodoApiService::next_occurrence(Request& req) {
  const auto body = net::json_body(req);
  const auto* o = body.if_object();
  const auto* user = o ? o->if_contains("user_id") : nullptr;
  const auto* parent = o ? o->if_contains("parent_task_id") : nullptr;
  const auto* fields = o ? o->if_contains("task") : nullptr;
  core::Problems problems;
  if (!user || !user->is_string() || !core::is_uuid(user->get_string())) problems.add("user_id", "must be a user id");
  if (!parent || !parent->is_string() || !core::is_uuid(parent->get_string()))
    problems.add("parent_task_id", "must be a task id");
  if (!fields || !fields->is_object()) problems.add("task", "must be an object");
  const auto key = idempotency_key(req);
  if (!key) problems.add("Idempotency-Key", "is required");
  problems.throw_if_any();
  auto task = core::make_task(*fields);
  task.parent_task_id = std::string(parent->get_string());
  const std::string user_id(user->get_string());
  try {
    return create_task(req, user_id, std::move(task), key);
  } catch (const db::Error& e) {
    if (e.kind() != db::Error::Kind::UniqueViolation) throw;
    // The key was pruned but the occurrence exists: answer with it.
    auto conn = ctx_.db.acquire();
    const auto res = conn->exec("SELECT id FROM tasks WHERE parent_task_id = $1 AND user_id = $2",
                                db::Params(*task.parent_task_id, user_id));
    if (res.empty()) throw;
    const auto existing = TaskRepository(*conn).find(user_id, res.front().str(0));
    if (!existing) throw;
    return task_response(200, *existing);
  }
}

void TodoApiService::add_internal_routes(net::Router& router) {
  net::ServiceRoutes r(router, std::string(kAppId));
  r.post("/internal/next-occurrence", [this](Request& req) { return next_occurrence(req); });
}

namespace {
constexpr std::string_view kHousekeepingJob = "todo-api-housekeeping";
}  // namespace

void TodoApiService::register_jobs(runtime::Scheduler& scheduler) {
  scheduler.handle(std::string(kHousekeepingJob), [this](const runtime::Job&) {
    const auto n = prune_idempotency_keys(ctx_.clock.now() - kIdempotencyKeyLifetime);
    if (n > 0) obs::info(kAppId, "forgot old idempotency keys", {{"count", n}});
    ctx_.scheduler->schedule(kHousekeepingJob, ctx_.clock.now() + std::chrono::hours(1), json::object{});
    return runtime::JobOutcome::Success;
  });
}

void TodoApiService::start() {
  ctx_.scheduler->schedule(kHousekeepingJob, ctx_.clock.now() + std::chrono::hours(1), json::object{});
}

long long TodoApiService::prune_idempotency_keys(core::Instant older_than) {
  auto conn = ctx_.db.acquire();
  return conn->exec("DELETE FROM task_idempotency_keys WHERE created_at < $1", db::Params(older_than)).affected();
}

void TodoApiService::subscribe(runtime::EventBus& bus) {
  bus.subscribe(runtime::Subscription{std::string(core::topics::kReminders), std::string(kAppId),
                                      [this](const core::Event& e) { return on_reminder(e); }});
}

// reminder.due: the task's reminder_sent becomes true, if the reminder that
// fired is still the task's reminder and the task is still pending.
runtime::Delivery TodoApiService::on_reminder(const core::Event& event) {
  const auto user_id = event.data_string("user_id");
  const auto task_id = event.data_string("task_id");
  const auto reminder_at = core::parse_rfc3339(event.data_string("reminder_at"));
  if (!core::is_uuid(user_id) || !core::is_uuid(task_id) || !reminder_at) return runtime::Delivery::Drop;
  return runtime::consume_once(ctx_.db, kAppId, event, [&](db::Transaction& tx) {
    TaskRepository repo(tx.connection());
    auto task = repo.find(user_id, task_id, /*for_update=*/true);
    if (!task || task->completed || task->reminder_sent || task->reminder_at != reminder_at)
      return runtime::Delivery::Success;
    const auto now = ctx_.clock.now();
    task->reminder_sent = true;
    task->updated_at = now;
    ++task->version;
    repo.update(*task);
    const std::vector<core::FieldChange> changes = {{"reminder_sent", false, true}};
    publish_task_event(ctx_.bus, tx, core::event_types::kTaskUpdated, *task,
                       core::EventOrigin{std::string(kAppId), event.id, event.traceparent}, now, &changes);
    return runtime::Delivery::Success;
  });
}

Response TodoApiService::get(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = task_id_param(req);
  auto conn = ctx_.db.acquire();
  const auto task = TaskRepository(*conn).find(user_id, id);
  if (!task) throw core::not_found("task");
  return task_response(200, *task);
}

Response TodoApiService::update(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = task_id_param(req);
  const auto patch = core::parse_task_patch(net::json_body(req));
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    TaskRepository repo(tx.connection());
    auto task = repo.find(user_id, id, /*for_update=*/true);
    if (!task) throw core::not_found("task");
    check_if_match(req, *task);
    const auto changes = core::apply_patch(*task, patch);
    if (changes.empty()) return task_response(200, *task);  // nothing changed: no new version, no event
    const auto now = ctx_.clock.now();
    task->updated_at = now;
    ++task->version;
    repo.update(*task);
    publish_task_event(ctx_.bus, tx, core::event_types::kTaskUpdated, *task, origin_of(req), now, &changes);
    return task_response(200, *task);
  });
}

Response TodoApiService::complete(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = task_id_param(req);
  std::optional<bool> wanted;  // no body: toggle
  if (net::has_body(req)) {
    const auto body = net::json_body(req);
    core::Problems problems;
    if (!body.is_object()) {
      problems.add("body", "must be a JSON object");
    } else {
      for (const auto& [k, v] : body.get_object()) {
        if (k != "completed") problems.add(std::string(k), "is not a known field");
        else if (!v.is_bool()) problems.add("completed", "must be true or false");
        else wanted = v.get_bool();
      }
      if (problems.empty() && !wanted) problems.add("completed", "is required");
    }
    problems.throw_if_any();
  }
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    TaskRepository repo(tx.connection());
    auto task = repo.find(user_id, id, /*for_update=*/true);
    if (!task) throw core::not_found("task");
    check_if_match(req, *task);
    const bool completed = wanted.value_or(!task->completed);
    if (completed == task->completed) return task_response(200, *task);  // already so: idempotent
    const auto now = ctx_.clock.now();
    task->completed = completed;
    task->completed_at = completed ? std::optional(now) : std::nullopt;
    task->updated_at = now;
    ++task->version;
    repo.update(*task);
    publish_task_event(ctx_.bus, tx,
                       completed ? core::event_types::kTaskCompleted : core::event_types::kTaskReopened, *task,
                       origin_of(req), now);
    return task_response(200, *task);
  });
}

Response TodoApiService::remove(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  const auto id = task_id_param(req);
  return db::in_transaction(ctx_.db, [&](db::Transaction& tx) {
    TaskRepository repo(tx.connection());
    const auto task = repo.find(user_id, id, /*for_update=*/true);
    if (!task) throw core::not_found("task");
    check_if_match(req, *task);
    repo.remove(user_id, id);
    publish_task_event(ctx_.bus, tx, core::event_types::kTaskDeleted, *task, origin_of(req), ctx_.clock.now());
    return net::no_content();
  });
}

Response TodoApiService::stats(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  core::check_params(req.query, {});
  auto conn = ctx_.db.acquire();
  const auto s = TaskRepository(*conn).stats(user_id, ctx_.clock.now());
  return net::json_response(
      200, json::object{{"total", s.total}, {"pending", s.pending}, {"completed", s.completed}, {"overdue", s.overdue}});
}

Response TodoApiService::tags(Request& req) {
  const auto user_id = auth::authorize_path_user(req, ctx_.jwt, ctx_.clock.now());
  core::check_params(req.query, {});
  auto conn = ctx_.db.acquire();
  json::array items;
  for (const auto& [tag, count] : TaskRepository(*conn).tags(user_id))
    items.push_back(json::object{{"tag", tag}, {"count", count}});
  return net::json_response(200, json::object{{"items", std::move(items)}});
}

}  // namespace todo::services::todo_api
