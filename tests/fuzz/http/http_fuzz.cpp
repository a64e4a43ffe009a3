// The HTTP request path: bytes -> Beast request parser (the limits of
// src/net/http_server.cpp: 16 KiB of headers, 64 KiB of body) -> the same
// Beast-to-net::Request conversion (Boost.URL) -> net::Dispatcher on a router
// with the platform's real route patterns. The handlers run the pure request
// logic of the services: bearer tokens (auth::authorize_path_user),
// net::json_body, core::make_task / parse_task_patch / apply_patch /
// parse_task_query, the notification and audit queries, sign-up and sign-in
// bodies, If-Match, Idempotency-Key, the body of .../complete, CloudEvent
// deliveries, and the web app's file lookup — everything but the database.
//
// Input: raw bytes from a client, possibly several pipelined requests.
// Properties: nothing crashes, leaks or hits UB; every request answered gets
// a response in the error contract of DESIGN §3.1 (a JSON
// {"error": {code, message, details, request_id}} whose code matches the
// status, X-Request-Id, Allow on 405, WWW-Authenticate on 401), never a 500
// (an exception other than ApiError escaping the request logic); the web
// app never serves a file outside its root.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unistd.h>

#include "auth/jwt.h"
#include "auth/request_auth.h"
#include "core/error.h"
#include "core/event_payloads.h"
#include "core/events.h"
#include "core/recurrence.h"
#include "core/strings.h"
#include "core/task_input.h"
#include "core/task_query.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "fuzz_common.h"
#include "net/dispatcher.h"
#include "net/error_mapping.h"
#include "net/json_body.h"
#include "net/request_conversion.h"
#include "net/router.h"
#include "obs/log.h"
#include "services/audit-service/audit_query.h"
#include "services/gateway/account_input.h"
#include "services/gateway/web_app.h"
#include "services/notification-service/notification_query.h"
#include "services/path_params.h"
#include "services/todo-api/request_rules.h"

using namespace todo;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using net::Request;
using net::Response;
using net::protocol_error;
using net::to_request;

namespace {

// src/net/http_server.h ServerOptions defaults.
constexpr size_t kHeaderLimit = 16 * 1024;
constexpr size_t kBodyLimit = 64 * 1024;
constexpr int kMaxPipelined = 8;

const std::string kKey = "fuzz-secret-0123456789abcdef0123456789abcdef";

auth::JwtCodec& jwt() {
  static auth::JwtCodec codec(kKey);
  return codec;
}

Response ok(int status, json::object body) { return net::json_response(status, body); }

// A task of the user as the repository would return it (version 3).
core::Task stored_task(const std::string& user_id, const std::string& id) {
  core::Task t;
  t.id = id;
  t.user_id = user_id;
  t.title = "Pay rent";
  t.version = 3;
  t.due_date = *core::parse_rfc3339("2026-07-01T09:00:00Z");
  t.created_at = t.updated_at = fuzz::fixed_now();
  return t;
}

// A delivery on /events/<topic>, as runtime/dapr/dapr_event_bus.cpp reads it.
Response deliver(const Request& req, std::string_view topic) {
  boost::system::error_code ec;
  auto doc = json::parse(req.body, ec);
  std::string status = "DROP";
  if (!ec && doc.is_object()) {
    if (auto e = core::parse_event(doc.get_object()); e && core::is_uuid(e->id)) {
      bool typed = false;
      if (topic == core::topics::kReminders) typed = core::ReminderDue::parse(*e).has_value();
      else if (core::TaskChanged::accepts(e->type)) typed = core::TaskChanged::parse(*e).has_value();
      else if (core::NotificationCreated::accepts(e->type)) typed = core::NotificationCreated::parse(*e).has_value();
      else typed = core::EventHeader::parse(*e).has_value();
      if (typed) status = "SUCCESS";
    }
  }
  return ok(200, {{"status", status}});
}

std::string web_root() {
  static const std::string root = [] {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("todo-fuzz-web-" + std::to_string(::getpid()));
    fs::create_directories(dir / "dist" / "assets");
    std::ofstream(dir / "dist" / "index.html") << "<!doctype html><title>app</title>";
    std::ofstream(dir / "dist" / "assets" / "app-1234.js") << "console.log(1)";
    std::ofstream(dir / "secret.txt") << "outside the root";
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(std::filesystem::temp_directory_path() /
                                      ("todo-fuzz-web-" + std::to_string(::getpid())),
                                  ec);
    });
    return (dir / "dist").string();
  }();
  return root;
}

// The platform's public and internal route patterns (services/*/..._routes.h,
// host/, runtime/dapr/), with handlers that do everything but the database.
net::Router& router() {
  static net::Router r = [] {
    using namespace services;
    net::Router router;
    const auto now = fuzz::fixed_now;
    auto user = [now](Request& req) { return auth::authorize_path_user(req, jwt(), now()); };

    net::ServiceRoutes host(router, "host");
    host.get("/healthz", [](Request&) { return ok(200, {{"status", "ok"}}); }, net::Execution::Inline);
    host.get("/readyz", [](Request&) { return ok(200, {{"status", "ready"}}); }, net::Execution::Inline);
    host.get("/metrics", [](Request&) { Response r; r.content_type = "text/plain"; r.body = "# metrics\n"; return r; },
             net::Execution::Inline);

    net::ServiceRoutes gw(router, "gateway");
    gw.post("/api/auth/sign-up", [now](Request& req) {
      const auto in = gateway::parse_sign_up(net::json_body(req));
      FUZZ_CHECK(gateway::plausible_email(in.email), "sign-up accepted email %s", fuzz::excerpt(in.email).c_str());
      return ok(201, {{"token", jwt().issue(core::new_uuid(), in.email, now())}});
    });
    gw.post("/api/auth/sign-in", [](Request& req) {
      (void)gateway::parse_sign_in(net::json_body(req));
      throw core::ApiError(core::ErrorCode::Unauthenticated, "email or password is wrong");
      return Response{};
    });
    gw.get("/api/auth/me", [now](Request& req) {
      const auto c = auth::authenticate(req, jwt(), now());
      return ok(200, {{"id", c.sub}, {"email", c.email}});
    });
    gw.set_fallback(gateway::make_web_app_handler(web_root()));

    net::ServiceRoutes todo(router, "todo-api");
    todo.get("/api/{user_id}/tasks", [user](Request& req) {
      user(req);
      const auto q = core::parse_task_query(req.query);
      return ok(200, {{"items", json::array{}}, {"scope", core::cursor_scope(q.sort, q.descending)}});
    });
    todo.post("/api/{user_id}/tasks", [user](Request& req) {
      const auto uid = user(req);
      (void)todo_api::idempotency_key(req);
      auto t = core::make_task(net::json_body(req));
      t.id = core::new_uuid();
      t.user_id = uid;
      if (t.recurrence) FUZZ_CHECK(core::parse_rrule(*t.recurrence).has_value(), "stored an unparseable rule");
      FUZZ_CHECK(core::is_valid_timezone(t.timezone), "stored zone %s", fuzz::excerpt(t.timezone).c_str());
      auto res = ok(201, core::to_json(t));
      res.set_header("Location", todo_api::task_location(uid, t.id));
      return res;
    });
    todo.get("/api/{user_id}/tasks/{id}", [user](Request& req) {
      return ok(200, core::to_json(stored_task(user(req), id_param(req, "task"))));
    });
    const auto update = [user](Request& req) {
      const auto uid = user(req);
      const auto id = id_param(req, "task");
      const auto patch = core::parse_task_patch(net::json_body(req));
      auto t = stored_task(uid, id);
      todo_api::check_if_match(req, t);
      const auto changes = core::apply_patch(t, patch);
      return ok(200, json::object{{"task", core::to_json(t)}, {"changes", core::changes_to_json(changes)}});
    };
    todo.put("/api/{user_id}/tasks/{id}", update);
    todo.patch("/api/{user_id}/tasks/{id}", update);
    todo.del("/api/{user_id}/tasks/{id}", [user](Request& req) {
      auto t = stored_task(user(req), id_param(req, "task"));
      todo_api::check_if_match(req, t);
      return net::no_content();
    });
    todo.patch("/api/{user_id}/tasks/{id}/complete", [user](Request& req) {
      auto t = stored_task(user(req), id_param(req, "task"));
      const auto wanted = todo_api::completion_wanted(req);
      todo_api::check_if_match(req, t);
      t.completed = wanted.value_or(!t.completed);
      return ok(200, core::to_json(t));
    });
    todo.get("/api/{user_id}/stats", [user](Request& req) {
      user(req);
      core::check_params(req.query, {});
      return ok(200, {{"total", 0}});
    });
    todo.get("/api/{user_id}/tags", [user](Request& req) {
      user(req);
      core::check_params(req.query, {});
      return ok(200, {{"items", json::array{}}});
    });
    todo.post("/internal/next-occurrence", [](Request& req) {
      // The validation of services/todo-api/internal_routes.cpp.
      const auto body = net::json_body(req);
      const auto* o = body.if_object();
      const auto* fields = o ? o->if_contains("task") : nullptr;
      core::Problems problems;
      if (!fields || !fields->is_object()) problems.add("task", "must be an object");
      if (!todo_api::idempotency_key(req)) problems.add("Idempotency-Key", "is required");
      problems.throw_if_any();
      return ok(201, core::to_json(core::make_task(*fields)));
    });

    net::ServiceRoutes notes(router, "notification-service");
    notes.get("/api/{user_id}/notifications", [user](Request& req) {
      user(req);
      const auto q = notification::parse_notification_query(req.query);
      return ok(200, {{"limit", q.limit}});
    });
    notes.patch("/api/{user_id}/notifications/{id}/read", [user](Request& req) {
      user(req);
      return ok(200, {{"id", id_param(req, "notification")}});
    });
    notes.post("/api/{user_id}/notifications/read-all", [user](Request& req) {
      user(req);
      return ok(200, {{"updated", 0}});
    });
    notes.del("/api/{user_id}/notifications/{id}", [user](Request& req) {
      user(req);
      (void)id_param(req, "notification");
      return net::no_content();
    });

    net::ServiceRoutes audit_routes(router, "audit-service");
    audit_routes.get("/api/{user_id}/audit", [user](Request& req) {
      user(req);
      const auto q = audit::parse_audit_query(req.query);
      return ok(200, {{"limit", q.limit}});
    });

    net::ServiceRoutes ws(router, "websocket-service");
    ws.get("/ws", [](Request&) -> Response {
      throw core::bad_request("/ws expects a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket)");
    }, net::Execution::Inline);

    net::ServiceRoutes dapr(router, "recurring-service");
    dapr.get("/dapr/subscribe", [](Request&) { return net::json_response(200, json::array{}); },
             net::Execution::Inline);
    for (auto topic : {core::topics::kTaskEvents, core::topics::kTaskUpdates, core::topics::kReminders})
      dapr.post("/events/" + std::string(topic), [topic](Request& req) { return deliver(req, topic); });
    dapr.post("/events/recurring-service.deadletter", [](Request& req) { return deliver(req, "deadletter"); });
    dapr.post("/job/{name}", [](Request& req) {
      boost::system::error_code ec;
      (void)json::parse(req.body, ec);
      return ok(200, {{"job", req.param("name")}});
    });
    dapr.add("OPTIONS", "/reminder-sweep", [](Request&) { return ok(200, {}); }, net::Execution::Inline);
    return router;
  }();
  return r;
}

const net::Dispatcher& dispatcher() {
  static const net::Dispatcher d(router());
  return d;
}

const std::set<int> kStatuses = {200, 201, 204, 400, 401, 403, 404, 405, 412, 413, 415, 422, 431};

void check_response(const Request* req, const Response& res) {
  const std::string what = req ? req->method + " " + fuzz::excerpt(req->target, 120) : "(refused request)";
  FUZZ_CHECK(kStatuses.count(res.status), "%s answered %d: %s", what.c_str(), res.status,
             fuzz::excerpt(res.body, 400).c_str());
  const auto request_id = res.header("X-Request-Id");
  FUZZ_CHECK(!request_id.empty(), "%s: no X-Request-Id", what.c_str());
  if (req) FUZZ_CHECK(request_id == req->request_id, "%s: X-Request-Id is not the request's", what.c_str());
  if (!res.file_path.empty()) {
    namespace fs = std::filesystem;
    const auto root = fs::weakly_canonical(web_root());
    const auto file = fs::weakly_canonical(res.file_path);
    const auto [root_end, _] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
    FUZZ_CHECK(root_end == root.end(), "%s serves %s, outside the web root", what.c_str(), res.file_path.c_str());
    return;
  }
  if (res.status == 204) {
    FUZZ_CHECK(res.body.empty(), "%s: 204 with a body", what.c_str());
    return;
  }
  if (res.content_type != "application/json") return;  // the web app's placeholder, /metrics
  boost::system::error_code ec;
  const auto body = json::parse(res.body, ec);
  FUZZ_CHECK(!ec, "%s: the body is not JSON: %s", what.c_str(), fuzz::excerpt(res.body, 400).c_str());
  if (res.status < 400) return;
  const auto* err = body.is_object() ? body.get_object().if_contains("error") : nullptr;
  FUZZ_CHECK(err && err->is_object(), "%s: %d without an error object: %s", what.c_str(), res.status,
             fuzz::excerpt(res.body, 400).c_str());
  const auto& e = err->get_object();
  const auto* code = e.if_contains("code");
  const auto* message = e.if_contains("message");
  const auto* details = e.if_contains("details");
  const auto* rid = e.if_contains("request_id");
  FUZZ_CHECK(code && code->is_string() && message && message->is_string() && details && details->is_array() && rid &&
                 rid->is_string() && rid->get_string() == request_id,
             "%s: the error object breaks the contract: %s", what.c_str(), fuzz::excerpt(res.body, 400).c_str());
  for (const auto& d : details->get_array())
    FUZZ_CHECK(d.is_object() && d.get_object().contains("field") && d.get_object().contains("problem"),
               "%s: a detail without field/problem", what.c_str());
  static const std::map<int, std::set<std::string_view>> kCodes = {
      {400, {"bad_request", "malformed_json"}}, {401, {"unauthenticated"}}, {403, {"forbidden"}},
      {404, {"not_found"}}, {405, {"method_not_allowed"}}, {412, {"precondition_failed"}},
      {413, {"payload_too_large"}}, {415, {"unsupported_media_type"}}, {422, {"validation_failed"}},
      {431, {"bad_request"}}};
  FUZZ_CHECK(kCodes.at(res.status).count(std::string_view(code->get_string())), "%s: %d with code %s", what.c_str(),
             res.status, std::string(code->get_string()).c_str());
  if (res.status == 422) FUZZ_CHECK(!details->get_array().empty(), "%s: 422 without details", what.c_str());
  if (res.status == 401) FUZZ_CHECK(res.header("WWW-Authenticate") == "Bearer", "%s: 401 without WWW-Authenticate", what.c_str());
  if (res.status == 405 && req) {
    const auto allow = res.header("Allow");
    FUZZ_CHECK(!allow.empty(), "%s: 405 without Allow", what.c_str());
    for (auto m : core::split_list(allow))
      FUZZ_CHECK(m != req->method, "%s: 405 allows the method used", what.c_str());
  }
}

// FUZZ_VERBOSE=1: print each request's answer (to check what the seeds reach).
bool verbose() {
  static const bool v = std::getenv("FUZZ_VERBOSE") != nullptr;
  return v;
}

// One request from `in`; returns the bytes it used and whether the
// connection stays open, as src/net/http_server.cpp read_request + serve do.
struct Outcome {
  size_t used = 0;
  bool keep_alive = false;
};

Outcome serve_one(std::string_view in) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(kHeaderLimit));
  parser.body_limit(kBodyLimit);
  parser.eager(true);
  Outcome out;
  beast::error_code ec;
  const auto put = [&] {
    const size_t n = parser.put(boost::asio::const_buffer(in.data() + out.used, in.size() - out.used), ec);
    out.used += n;
    return n;
  };
  // The header.
  while (!parser.is_header_done()) {
    if (out.used == in.size()) return out;  // the client went away mid-header: no answer
    const size_t n = put();
    if (ec == http::error::need_more) {
      if (n == 0) return out;  // the client went away mid-header: no answer
      ec = {};
      continue;
    }
    if (ec == http::error::body_limit) {
      check_response(nullptr, protocol_error(core::ErrorCode::PayloadTooLarge, "request body is larger than 64 KiB"));
      return out;
    }
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      check_response(nullptr, protocol_error(core::ErrorCode::HeadersTooLarge, "request headers are too large"));
      return out;
    }
    if (ec) {
      check_response(nullptr, protocol_error(core::ErrorCode::BadRequest, "malformed HTTP request"));
      return out;
    }
  }
  if (parser.content_length() && *parser.content_length() > kBodyLimit) {
    check_response(nullptr, protocol_error(core::ErrorCode::PayloadTooLarge, "request body is larger than 64 KiB"));
    return out;
  }
  // The body.
  while (!parser.is_done()) {
    if (out.used == in.size()) {
      // End of input: the client closed. Beast ends a body without framing
      // here; any other body is incomplete and gets no answer.
      parser.put_eof(ec);
      if (ec || !parser.is_done()) return out;
      break;
    }
    const size_t n = put();
    if (ec == http::error::need_more) {
      if (n == 0) return out;  // the rest is not a whole chunk header and never will be
      ec = {};
      continue;
    }
    if (ec == http::error::body_limit || ec == http::error::buffer_overflow) {
      check_response(nullptr, protocol_error(core::ErrorCode::PayloadTooLarge, "request body is larger than 64 KiB"));
      return out;
    }
    if (ec) return out;  // the server closes without an answer
  }
  auto msg = parser.release();
  FUZZ_CHECK(msg.body().size() <= kBodyLimit, "a body of %zu bytes got through", msg.body().size());
  Request req;
  if (!to_request(msg, "127.0.0.1", req)) {
    check_response(nullptr, protocol_error(core::ErrorCode::BadRequest, "request target is not a valid URL"));
    return out;
  }
  const Response res = dispatcher().handle(req);
  if (verbose()) std::fprintf(stderr, "%s %s -> %d %s\n", req.method.c_str(), fuzz::excerpt(req.target, 80).c_str(),
                              res.status, fuzz::excerpt(res.body, 160).c_str());
  check_response(&req, res);
  out.keep_alive = msg.keep_alive() && !core::iequals(res.header("Connection"), "close");
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  obs::configure_logging(obs::Level::Error, false);  // handler failures (500s) still show
  (void)router();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest = fuzz::as_text(data, size);
  for (int i = 0; i < kMaxPipelined && !rest.empty(); ++i) {
    const auto o = serve_one(rest);
    if (!o.keep_alive || o.used == 0) break;
    rest.remove_prefix(std::min(o.used, rest.size()));
  }
  return 0;
}
