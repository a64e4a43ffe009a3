// The dispatcher, the one error mapping (DESIGN §3.1), JSON request bodies and
// the plain HTTP value types.
#include "net/dispatcher.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include "core/error.h"
#include "core/events.h"
#include "core/uuid.h"
#include "db/error.h"
#include "net/error_mapping.h"
#include "net/http.h"
#include "net/json_body.h"
#include "net/router.h"
#include "obs/log.h"

namespace todo::net {
namespace {

namespace json = boost::json;
using core::ApiError;
using core::ErrorCode;

Request make_request(std::string method, std::string path, Headers headers = {}) {
  Request req;
  req.method = std::move(method);
  req.path = std::move(path);
  req.target = req.path;
  req.headers = std::move(headers);
  req.remote_address = "127.0.0.1";
  return req;
}

json::object error_of(const Response& res) {
  json::error_code ec;
  auto v = json::parse(res.body, ec);
  EXPECT_FALSE(ec) << res.body;
  if (ec || !v.is_object() || !v.as_object().contains("error") || !v.at("error").is_object()) {
    ADD_FAILURE() << "not an error body: " << res.body;
    return {};
  }
  EXPECT_EQ(v.as_object().size(), 1u) << res.body;
  return v.at("error").as_object();
}

// Checks the §3.1 shape: code, message, details, request_id (the response's X-Request-Id).
void expect_error_body(const Response& res, int status, std::string_view code) {
  EXPECT_EQ(res.status, status);
  EXPECT_EQ(res.content_type, "application/json");
  const auto err = error_of(res);
  ASSERT_FALSE(err.empty());
  EXPECT_EQ(err.at("code"), json::value(code)) << res.body;
  EXPECT_TRUE(err.at("message").is_string()) << res.body;
  EXPECT_FALSE(err.at("message").as_string().empty()) << res.body;
  EXPECT_TRUE(err.at("details").is_array()) << res.body;
  EXPECT_TRUE(err.at("request_id").is_string()) << res.body;
  EXPECT_EQ(err.at("request_id").as_string(), res.header("x-request-id")) << res.body;
  EXPECT_FALSE(res.header("x-request-id").empty());
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    obs::configure_logging(obs::Level::Error, true);  // no access log noise
    ServiceRoutes todo(router_, "todo-api");
    todo.get("/api/{user_id}/tasks", [this](Request& req) {
      seen_request_id_ = req.request_id;
      seen_traceparent_ = req.traceparent;
      seen_route_ = req.route;
      seen_user_ = std::string(req.param("user_id"));
      return json_response(200, json::object{{"items", json::array{}}});
    });
    todo.post("/api/{user_id}/tasks", [](Request&) -> Response {
      throw ApiError(ErrorCode::ValidationFailed, "title must not be empty",
                     {{"title", "must not be empty"}, {"tags[2]", "must be 1-32 characters"}});
    });
    todo.get("/boom", [](Request&) -> Response { throw std::runtime_error("password=hunter2 host=db.internal"); });
    todo.get("/boom-int", [](Request&) -> Response { throw 42; });
    todo.get("/db-down", [](Request&) -> Response {
      throw db::Error(db::Error::Kind::Unavailable, "08006", "connection to 10.0.0.5 lost");
    });
    todo.get("/db-query", [](Request&) -> Response {
      throw db::Error(db::Error::Kind::Query, "42P01", "relation \"secret_table\" does not exist");
    });
    todo.get("/db-unique", [](Request&) -> Response {
      throw db::Error(db::Error::Kind::UniqueViolation, "23505", "duplicate key users_email_key");
    });
    todo.get("/unauth", [](Request&) -> Response { throw ApiError(ErrorCode::Unauthenticated, "token has expired"); });
    todo.get("/limited", [](Request&) -> Response {
      throw ApiError(ErrorCode::RateLimited, "too many attempts").with_retry_after(60);
    });
    todo.get("/forbidden", [](Request&) -> Response { throw ApiError(ErrorCode::Forbidden, "not yours"); });
    todo.del("/no-content", [](Request&) { return no_content(); }, Execution::Inline);
  }

  Response handle(Request req) {
    Dispatcher d(router_);
    last_request_ = std::move(req);
    return d.handle(last_request_);
  }

  Router router_;
  Request last_request_;
  std::string seen_request_id_;
  std::string seen_traceparent_;
  std::string seen_route_;
  std::string seen_user_;
};

// ---------------------------------------------------------------- request ids

TEST_F(DispatcherTest, ClientRequestIdIsEchoed) {
  const auto res = handle(make_request("GET", "/api/u1/tasks", {{"x-request-id", "abc-123_X.y:z"}}));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.header("X-Request-Id"), "abc-123_X.y:z");
  EXPECT_EQ(seen_request_id_, "abc-123_X.y:z");
}

TEST_F(DispatcherTest, RequestIdHeaderNameIsCaseInsensitive) {
  const auto res = handle(make_request("GET", "/api/u1/tasks", {{"X-REQUEST-ID", "client-id"}}));
  EXPECT_EQ(res.header("x-request-id"), "client-id");
}

TEST_F(DispatcherTest, ErrorBodyCarriesTheEchoedRequestId) {
  const auto res = handle(make_request("GET", "/nowhere", {{"x-request-id", "trace-me-42"}}));
  expect_error_body(res, 404, "not_found");
  EXPECT_EQ(error_of(res).at("request_id"), "trace-me-42");
}

TEST_F(DispatcherTest, MissingRequestIdIsGenerated) {
  const auto a = handle(make_request("GET", "/api/u1/tasks"));
  const auto b = handle(make_request("GET", "/api/u1/tasks"));
  EXPECT_TRUE(core::is_uuid(a.header("x-request-id"))) << a.header("x-request-id");
  EXPECT_TRUE(core::is_uuid(b.header("x-request-id")));
  EXPECT_NE(a.header("x-request-id"), b.header("x-request-id"));
}

TEST_F(DispatcherTest, UnsafeRequestIdsAreReplaced) {
  for (const std::string& bad : {std::string(""), std::string("has space"), std::string("a/b"),
                                 std::string("<script>"), std::string("caf\u00e9"), std::string("line\nbreak"),
                                 std::string("quote\""), std::string(129, 'a')}) {
    const auto res = handle(make_request("GET", "/nowhere", {{"x-request-id", bad}}));
    const std::string id(res.header("x-request-id"));
    EXPECT_NE(id, bad);
    EXPECT_TRUE(core::is_uuid(id)) << id;
    EXPECT_EQ(error_of(res).at("request_id").as_string(), id);
  }
}

TEST(ChooseRequestId, LengthBoundary) {
  EXPECT_EQ(choose_request_id(std::string(128, 'a')), std::string(128, 'a'));
  EXPECT_TRUE(core::is_uuid(choose_request_id(std::string(129, 'a'))));
  EXPECT_EQ(choose_request_id("x"), "x");
  EXPECT_TRUE(core::is_uuid(choose_request_id("")));
}

// ---------------------------------------------------------------- routing errors

TEST_F(DispatcherTest, UnknownRouteIs404) {
  const auto res = handle(make_request("GET", "/api/u1/nothing"));
  expect_error_body(res, 404, "not_found");
  EXPECT_TRUE(error_of(res).at("details").as_array().empty());
  EXPECT_EQ(last_request_.route, "not_found");
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllow) {
  const auto res = handle(make_request("PUT", "/api/u1/tasks"));
  expect_error_body(res, 405, "method_not_allowed");
  EXPECT_EQ(res.header("Allow"), "GET, HEAD, POST");
  EXPECT_NE(error_of(res).at("message").as_string().find("PUT"), std::string::npos);
}

TEST_F(DispatcherTest, HeadIsDispatchedToGet) {
  const auto res = handle(make_request("HEAD", "/api/u1/tasks"));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(seen_user_, "u1");
}

TEST_F(DispatcherTest, HandlerSeesParamsRouteAndIds) {
  const auto res = handle(make_request("GET", "/api/user-7/tasks"));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, R"({"items":[]})");
  EXPECT_EQ(seen_user_, "user-7");
  EXPECT_EQ(seen_route_, "/api/{user_id}/tasks");
  EXPECT_EQ(seen_request_id_, res.header("x-request-id"));
}

TEST_F(DispatcherTest, TraceparentContinuesTheClientTrace) {
  const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
  (void)handle(make_request("GET", "/api/u/tasks", {{"traceparent", "00-" + trace + "-00f067aa0ba902b7-01"}}));
  EXPECT_EQ(core::trace_id_of(seen_traceparent_), trace);
  (void)handle(make_request("GET", "/api/u/tasks", {{"traceparent", "bogus"}}));
  EXPECT_FALSE(core::trace_id_of(seen_traceparent_).empty());
  EXPECT_NE(core::trace_id_of(seen_traceparent_), trace);
}

// ---------------------------------------------------------------- handler errors

TEST_F(DispatcherTest, ApiErrorBecomesTheContractBody) {
  const auto res = handle(make_request("POST", "/api/u1/tasks", {{"x-request-id", "rid-1"}}));
  expect_error_body(res, 422, "validation_failed");
  const auto err = error_of(res);
  EXPECT_EQ(err.at("message"), "title must not be empty");
  EXPECT_EQ(err.at("request_id"), "rid-1");
  EXPECT_EQ(err.at("details"), json::parse(R"([{"field": "title", "problem": "must not be empty"},
                                               {"field": "tags[2]", "problem": "must be 1-32 characters"}])"));
}

TEST_F(DispatcherTest, UnexpectedExceptionIs500WithoutLeakingTheMessage) {
  testing::internal::CaptureStderr();
  const auto res = handle(make_request("GET", "/boom", {{"x-request-id", "rid-boom"}}));
  const std::string log = testing::internal::GetCapturedStderr();
  expect_error_body(res, 500, "internal");
  EXPECT_EQ(error_of(res).at("message"), "internal error");
  EXPECT_EQ(res.body.find("hunter2"), std::string::npos) << res.body;
  EXPECT_EQ(res.body.find("db.internal"), std::string::npos) << res.body;
  EXPECT_TRUE(error_of(res).at("details").as_array().empty());
  // ...but it is logged for us, with the request id.
  EXPECT_NE(log.find("hunter2"), std::string::npos) << log;
  EXPECT_NE(log.find("rid-boom"), std::string::npos) << log;
}

TEST_F(DispatcherTest, NonStandardExceptionIs500) {
  testing::internal::CaptureStderr();
  const auto res = handle(make_request("GET", "/boom-int"));
  (void)testing::internal::GetCapturedStderr();
  expect_error_body(res, 500, "internal");
}

TEST_F(DispatcherTest, DatabaseUnavailableIs503WithRetryAfter) {
  const auto res = handle(make_request("GET", "/db-down"));
  expect_error_body(res, 503, "unavailable");
  EXPECT_EQ(res.header("Retry-After"), "1");
  EXPECT_EQ(res.body.find("10.0.0.5"), std::string::npos) << res.body;
}

TEST_F(DispatcherTest, OtherDatabaseErrorsAre500WithoutDetails) {
  for (const char* path : {"/db-query", "/db-unique"}) {
    testing::internal::CaptureStderr();
    const auto res = handle(make_request("GET", path));
    (void)testing::internal::GetCapturedStderr();
    expect_error_body(res, 500, "internal");
    EXPECT_EQ(res.body.find("secret_table"), std::string::npos) << res.body;
    EXPECT_EQ(res.body.find("users_email_key"), std::string::npos) << res.body;
    EXPECT_TRUE(res.header("Retry-After").empty());
  }
}

TEST_F(DispatcherTest, UnauthenticatedCarriesWwwAuthenticate) {
  const auto res = handle(make_request("GET", "/unauth"));
  expect_error_body(res, 401, "unauthenticated");
  EXPECT_EQ(res.header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(error_of(res).at("message"), "token has expired");
}

TEST_F(DispatcherTest, ForbiddenHasNoWwwAuthenticate) {
  const auto res = handle(make_request("GET", "/forbidden"));
  expect_error_body(res, 403, "forbidden");
  EXPECT_TRUE(res.header("WWW-Authenticate").empty());
}

TEST_F(DispatcherTest, RateLimitedCarriesRetryAfter) {
  const auto res = handle(make_request("GET", "/limited"));
  expect_error_body(res, 429, "rate_limited");
  EXPECT_EQ(res.header("Retry-After"), "60");
}

TEST_F(DispatcherTest, SuccessfulResponsesAlsoCarryTheRequestId) {
  const auto res = handle(make_request("DELETE", "/no-content", {{"x-request-id", "del-1"}}));
  EXPECT_EQ(res.status, 204);
  EXPECT_TRUE(res.body.empty());
  EXPECT_EQ(res.header("x-request-id"), "del-1");
}

TEST_F(DispatcherTest, PrepareDecidesRoutingBeforeTheHandlerRuns) {
  Dispatcher d(router_);
  Request inline_req = make_request("DELETE", "/no-content");
  const auto p = d.prepare(inline_req);
  EXPECT_FALSE(p.immediate.has_value());
  ASSERT_NE(p.route, nullptr);
  EXPECT_EQ(p.execution, Execution::Inline);
  EXPECT_FALSE(inline_req.request_id.empty());

  Request worker_req = make_request("GET", "/api/u/tasks");
  const auto w = d.prepare(worker_req);
  EXPECT_EQ(w.execution, Execution::Worker);
  ASSERT_NE(w.route, nullptr);
  EXPECT_TRUE(seen_user_.empty());  // prepare does not run the handler
  auto res = d.run(*w.route, worker_req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(seen_user_, "u");

  Request missing = make_request("GET", "/missing");
  const auto m = d.prepare(missing);
  ASSERT_TRUE(m.immediate.has_value());
  EXPECT_EQ(m.immediate->status, 404);
  EXPECT_EQ(m.route, nullptr);
}

// ---------------------------------------------------------------- error mapping table

TEST(ErrorMapping, StatusAndCodeOfEveryError) {
  struct Row {
    ErrorCode code;
    int status;
    const char* name;
  };
  const Row rows[] = {
      {ErrorCode::MalformedJson, 400, "malformed_json"},
      {ErrorCode::BadRequest, 400, "bad_request"},
      {ErrorCode::Unauthenticated, 401, "unauthenticated"},
      {ErrorCode::Forbidden, 403, "forbidden"},
      {ErrorCode::NotFound, 404, "not_found"},
      {ErrorCode::MethodNotAllowed, 405, "method_not_allowed"},
      {ErrorCode::Conflict, 409, "conflict"},
      {ErrorCode::PreconditionFailed, 412, "precondition_failed"},
      {ErrorCode::PayloadTooLarge, 413, "payload_too_large"},
      {ErrorCode::UnsupportedMediaType, 415, "unsupported_media_type"},
      {ErrorCode::ValidationFailed, 422, "validation_failed"},
      {ErrorCode::RateLimited, 429, "rate_limited"},
      {ErrorCode::HeadersTooLarge, 431, "bad_request"},
      {ErrorCode::Internal, 500, "internal"},
      {ErrorCode::Unavailable, 503, "unavailable"},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(http_status(row.code), row.status) << row.name;
    EXPECT_EQ(error_code_name(row.code), row.name) << row.status;
    const auto res = error_response(ApiError(row.code, "msg"), "rid");
    EXPECT_EQ(res.status, row.status);
    EXPECT_EQ(error_of(res).at("code"), json::value(row.name));
    EXPECT_EQ(error_of(res).at("request_id"), "rid");
  }
}

TEST(ErrorMapping, ExceptionPointerMapping) {
  bool internal = true;
  auto res = error_response(std::make_exception_ptr(ApiError(ErrorCode::Conflict, "email already registered")), "r",
                            &internal);
  EXPECT_EQ(res.status, 409);
  EXPECT_FALSE(internal);
  EXPECT_EQ(error_of(res).at("message"), "email already registered");

  res = error_response(std::make_exception_ptr(db::Error(db::Error::Kind::Unavailable, "57P01", "x")), "r", &internal);
  EXPECT_EQ(res.status, 503);
  EXPECT_FALSE(internal);

  res = error_response(std::make_exception_ptr(db::Error(db::Error::Kind::Conflict, "40001", "x")), "r", &internal);
  EXPECT_EQ(res.status, 500);
  EXPECT_TRUE(internal);

  internal = false;
  res = error_response(std::make_exception_ptr(std::logic_error("bug")), "r", &internal);
  EXPECT_EQ(res.status, 500);
  EXPECT_TRUE(internal);
  EXPECT_EQ(res.body.find("bug"), std::string::npos);

  // The flag is optional.
  res = error_response(std::make_exception_ptr(std::runtime_error("x")), "r");
  EXPECT_EQ(res.status, 500);
}

TEST(ErrorMapping, ProblemsThrowEveryField) {
  core::Problems problems;
  EXPECT_NO_THROW(problems.throw_if_any());
  problems.add("title", "must not be empty");
  problems.add("priority", "must be one of low, medium, high");
  try {
    problems.throw_if_any();
    ADD_FAILURE();
  } catch (const ApiError& e) {
    const auto res = error_response(e, "rid");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_of(res).at("message"), "title must not be empty");
    EXPECT_EQ(error_of(res).at("details").as_array().size(), 2u);
  }
}

// ---------------------------------------------------------------- JSON bodies

Request body_request(std::string content_type, std::string body) {
  Request req = make_request("POST", "/x");
  if (!content_type.empty()) req.headers.emplace_back("content-type", std::move(content_type));
  req.body = std::move(body);
  return req;
}

ErrorCode body_error(const Request& req) {
  try {
    (void)json_body(req);
  } catch (const ApiError& e) {
    return e.code();
  }
  ADD_FAILURE() << "body accepted: " << req.body;
  return ErrorCode::Internal;
}

std::string nested_arrays(int depth) { return std::string(static_cast<size_t>(depth), '[') + std::string(static_cast<size_t>(depth), ']'); }

TEST(JsonBody, AcceptsJsonMediaTypes) {
  for (const char* type : {"application/json", "application/json; charset=utf-8", "Application/JSON",
                           "application/json ;charset=UTF-8", "application/cloudevents+json",
                           "application/merge-patch+json"}) {
    EXPECT_EQ(json_body(body_request(type, R"({"a": 1})")), json::parse(R"({"a": 1})")) << type;
  }
}

TEST(JsonBody, OtherMediaTypesAre415) {
  for (const char* type : {"", "text/plain", "text/json", "application/x-www-form-urlencoded", "multipart/form-data",
                           "application/jsonp", "application/json-seq", "+json", "application/xml"}) {
    EXPECT_EQ(body_error(body_request(type, R"({"a": 1})")), ErrorCode::UnsupportedMediaType) << "'" << type << "'";
  }
}

TEST(JsonBody, MalformedJsonIs400) {
  for (const char* text : {"", "{", "{\"a\": }", "{'a': 1}", "{\"a\": 1,}", "[1, 2", "{} x", "nul", "{\"a\": 01}",
                           "{/* comment */}", "\"\xff\"", "{\"a\": \"\xc3\"}", "NaN"}) {
    EXPECT_EQ(body_error(body_request("application/json", text)), ErrorCode::MalformedJson) << text;
  }
}

TEST(JsonBody, MalformedIs400ThroughTheErrorMapping) {
  try {
    (void)json_body(body_request("application/json", "{"));
    ADD_FAILURE();
  } catch (const ApiError& e) {
    const auto res = error_response(e, "rid");
    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(error_of(res).at("code"), "malformed_json");
  }
  try {
    (void)json_body(body_request("text/plain", "{}"));
    ADD_FAILURE();
  } catch (const ApiError& e) {
    const auto res = error_response(e, "rid");
    EXPECT_EQ(res.status, 415);
    EXPECT_EQ(error_of(res).at("code"), "unsupported_media_type");
  }
}

// "\u0000" is valid JSON but would be cut short at libpq: refused wherever it is.
TEST(JsonBody, NulCharactersAreRefusedAnywhere) {
  for (const char* text : {R"({"title": "a\u0000b"})", R"({"tags": ["ok", "\u0000"]})", R"({"a\u0000": 1})",
                           R"({"x": {"y": [{"z": "\u0000"}]}})", R"("\u0000")"}) {
    EXPECT_EQ(body_error(body_request("application/json", text)), ErrorCode::MalformedJson) << text;
  }
  EXPECT_NO_THROW((void)json_body(body_request("application/json", R"({"title": "a\u0001b", "n": 0})")));
}

TEST(JsonBody, DepthLimit) {
  EXPECT_NO_THROW((void)json_body(body_request("application/json", nested_arrays(32))));
  EXPECT_EQ(body_error(body_request("application/json", nested_arrays(33))), ErrorCode::MalformedJson);
  EXPECT_EQ(body_error(body_request("application/json", nested_arrays(100000))), ErrorCode::MalformedJson);
}

TEST(JsonBody, ScalarsAndUnicodeAreFine) {
  EXPECT_EQ(json_body(body_request("application/json", "42")), json::value(42));
  EXPECT_EQ(json_body(body_request("application/json", R"({"t": "\u65e5\ud83d\ude00"})")).at("t"),
            "\u65e5\U0001F600");
}

TEST(JsonBody, HasBody) {
  EXPECT_FALSE(has_body(body_request("application/json", "")));
  EXPECT_TRUE(has_body(body_request("application/json", "{}")));
}

// ---------------------------------------------------------------- HTTP values

TEST(HttpRequest, HeadersAreCaseInsensitive) {
  Request req = make_request("GET", "/", {{"content-type", "application/json"}, {"X-Custom", "1"}});
  EXPECT_EQ(req.header("Content-Type"), "application/json");
  EXPECT_EQ(req.header("x-custom"), "1");
  EXPECT_TRUE(req.has_header("CONTENT-TYPE"));
  EXPECT_FALSE(req.has_header("accept"));
  EXPECT_EQ(req.header("accept"), "");
}

TEST(HttpRequest, EmptyHeaderValueIsPresent) {
  Request req = make_request("GET", "/", {{"if-match", ""}});
  EXPECT_TRUE(req.has_header("If-Match"));
  EXPECT_EQ(req.header("If-Match"), "");
}

TEST(HttpRequest, PathParams) {
  Request req;
  req.path_params = {{"user_id", "u"}, {"id", "t"}};
  EXPECT_EQ(req.param("user_id"), "u");
  EXPECT_EQ(req.param("id"), "t");
  EXPECT_EQ(req.param("ID"), "");  // parameter names are exact
  EXPECT_EQ(req.param("missing"), "");
}

TEST(HttpResponse, SetHeaderReplacesCaseInsensitively) {
  Response res;
  res.set_header("Retry-After", "1");
  res.set_header("retry-after", "5");
  res.set_header("Allow", "GET");
  EXPECT_EQ(res.headers.size(), 2u);
  EXPECT_EQ(res.header("RETRY-AFTER"), "5");
  EXPECT_EQ(res.header("allow"), "GET");
  EXPECT_EQ(res.header("location"), "");
}

TEST(HttpResponse, JsonAndNoContent) {
  const auto r = json_response(201, json::object{{"id", "x"}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"id": "x"})"));
  const auto n = no_content();
  EXPECT_EQ(n.status, 204);
  EXPECT_TRUE(n.body.empty());
  EXPECT_TRUE(n.content_type.empty());
}

}  // namespace
}  // namespace todo::net
