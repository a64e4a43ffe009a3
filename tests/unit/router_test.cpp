// Method + path routing: exact and {param} routes, 405 with Allow, fallback.
#include "net/router.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace todo::net {
namespace {

using Kind = Router::Match::Kind;
using Params = std::vector<std::pair<std::string, std::string>>;

// A handler whose response names it, so a test can tell which route matched.
Handler named(std::string name) {
  return [name = std::move(name)](Request&) {
    Response r;
    r.body = name;
    return r;
  };
}

std::string run(const Router::Match& m) {
  if (m.kind != Kind::Found || !m.route) return "<" + std::to_string(static_cast<int>(m.kind)) + ">";
  Request req;
  return m.route->handler(req).body;
}

// The todo-api route table (DESIGN §3.3) plus a few static routes.
Router api_router() {
  Router router;
  ServiceRoutes ops(router, "ops");
  ops.get("/healthz", named("healthz"), Execution::Inline);
  ops.get("/metrics", named("metrics"), Execution::Inline);
  ServiceRoutes gw(router, "gateway");
  gw.post("/api/auth/sign-up", named("sign-up"));
  gw.post("/api/auth/sign-in", named("sign-in"));
  gw.get("/api/auth/me", named("me"));
  ServiceRoutes todo(router, "todo-api");
  todo.get("/api/{user_id}/tasks", named("list"));
  todo.post("/api/{user_id}/tasks", named("create"));
  todo.get("/api/{user_id}/tasks/{id}", named("get"));
  todo.put("/api/{user_id}/tasks/{id}", named("put"));
  todo.patch("/api/{user_id}/tasks/{id}", named("patch"));
  todo.del("/api/{user_id}/tasks/{id}", named("delete"));
  todo.patch("/api/{user_id}/tasks/{id}/complete", named("complete"));
  todo.get("/api/{user_id}/stats", named("stats"));
  todo.get("/api/{user_id}/tags", named("tags"));
  return router;
}

TEST(SplitPath, SegmentsWithoutEmptyParts) {
  EXPECT_EQ(split_path("/api/u/tasks"), (std::vector<std::string_view>{"api", "u", "tasks"}));
  EXPECT_EQ(split_path("/"), std::vector<std::string_view>{});
  EXPECT_EQ(split_path(""), std::vector<std::string_view>{});
  EXPECT_EQ(split_path("//a//b/"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(split_path("a"), std::vector<std::string_view>{"a"});
}

TEST(RouterMatch, ExactRoutes) {
  const Router router = api_router();
  const auto m = router.match("GET", "/healthz");
  ASSERT_EQ(m.kind, Kind::Found);
  EXPECT_EQ(run(m), "healthz");
  EXPECT_EQ(m.route->pattern, "/healthz");
  EXPECT_EQ(m.route->execution, Execution::Inline);
  EXPECT_EQ(m.route->service, "ops");
  EXPECT_TRUE(m.params.empty());
  EXPECT_EQ(run(router.match("POST", "/api/auth/sign-in")), "sign-in");
  EXPECT_EQ(run(router.match("GET", "/api/auth/me")), "me");
}

TEST(RouterMatch, PatternRoutesCaptureParameters) {
  const Router router = api_router();
  const auto m = router.match("GET", "/api/user-1/tasks/task-9");
  ASSERT_EQ(m.kind, Kind::Found);
  EXPECT_EQ(run(m), "get");
  EXPECT_EQ(m.route->pattern, "/api/{user_id}/tasks/{id}");
  EXPECT_EQ(m.route->service, "todo-api");
  EXPECT_EQ(m.route->execution, Execution::Worker);
  EXPECT_EQ(m.params, (Params{{"user_id", "user-1"}, {"id", "task-9"}}));
}

TEST(RouterMatch, MethodSelectsAmongRoutesOfOnePath) {
  const Router router = api_router();
  EXPECT_EQ(run(router.match("GET", "/api/u/tasks")), "list");
  EXPECT_EQ(run(router.match("POST", "/api/u/tasks")), "create");
  EXPECT_EQ(run(router.match("PUT", "/api/u/tasks/t")), "put");
  EXPECT_EQ(run(router.match("PATCH", "/api/u/tasks/t")), "patch");
  EXPECT_EQ(run(router.match("DELETE", "/api/u/tasks/t")), "delete");
  EXPECT_EQ(run(router.match("PATCH", "/api/u/tasks/t/complete")), "complete");
  EXPECT_EQ(run(router.match("GET", "/api/u/stats")), "stats");
  EXPECT_EQ(run(router.match("GET", "/api/u/tags")), "tags");
}

TEST(RouterMatch, LiteralSegmentsMustMatch) {
  const Router router = api_router();
  EXPECT_EQ(router.match("GET", "/api/u/task/t").kind, Kind::NotFound);
  EXPECT_EQ(router.match("PATCH", "/api/u/tasks/t/completed").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/apis/u/tasks").kind, Kind::NotFound);
}

TEST(RouterMatch, SegmentCountMustMatch) {
  const Router router = api_router();
  EXPECT_EQ(router.match("GET", "/api/u").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/api/u/tasks/t/complete/x").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/api").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/").kind, Kind::NotFound);
}

TEST(RouterMatch, ExactRoutesAreExact) {
  const Router router = api_router();
  EXPECT_EQ(router.match("GET", "/healthzz").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/HEALTHZ").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/healthz/x").kind, Kind::NotFound);
}

TEST(RouterMatch, UnknownPathIsNotFound) {
  const Router router = api_router();
  const auto m = router.match("GET", "/nothing/here");
  EXPECT_EQ(m.kind, Kind::NotFound);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allow.empty());
}

TEST(RouterMatch, ParameterValuesAreTakenVerbatim) {
  const Router router = api_router();
  const auto m = router.match("DELETE", "/api/6f1f3f5e-0000-4000-8000-000000000001/tasks/a.b~c%20");
  ASSERT_EQ(m.kind, Kind::Found);
  EXPECT_EQ(m.params, (Params{{"user_id", "6f1f3f5e-0000-4000-8000-000000000001"}, {"id", "a.b~c%20"}}));
}

TEST(RouterMethodNotAllowed, AllowListsEveryMethodOfThePathWithHeadAfterGet) {
  const Router router = api_router();
  const auto m = router.match("POST", "/api/u/tasks/t");
  ASSERT_EQ(m.kind, Kind::MethodNotAllowed);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allow, "GET, HEAD, PUT, PATCH, DELETE");
}

TEST(RouterMethodNotAllowed, CollectionPath) {
  const Router router = api_router();
  const auto m = router.match("DELETE", "/api/u/tasks");
  ASSERT_EQ(m.kind, Kind::MethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD, POST");
}

TEST(RouterMethodNotAllowed, PostOnlyPathHasNoHead) {
  const Router router = api_router();
  const auto m = router.match("GET", "/api/auth/sign-up");
  ASSERT_EQ(m.kind, Kind::MethodNotAllowed);
  EXPECT_EQ(m.allow, "POST");
  const auto head = router.match("HEAD", "/api/auth/sign-up");
  ASSERT_EQ(head.kind, Kind::MethodNotAllowed);
  EXPECT_EQ(head.allow, "POST");
}

TEST(RouterMethodNotAllowed, ExactPathWithGet) {
  const Router router = api_router();
  const auto m = router.match("POST", "/healthz");
  ASSERT_EQ(m.kind, Kind::MethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD");
}

TEST(RouterMethodNotAllowed, PatchOnlySubresource) {
  const Router router = api_router();
  const auto m = router.match("GET", "/api/u/tasks/t/complete");
  ASSERT_EQ(m.kind, Kind::MethodNotAllowed);
  EXPECT_EQ(m.allow, "PATCH");
}

TEST(RouterMethodNotAllowed, MethodsAreCaseSensitive) {
  const Router router = api_router();
  EXPECT_EQ(router.match("get", "/healthz").kind, Kind::MethodNotAllowed);
}

TEST(RouterMethodNotAllowed, DuplicateMethodsAreListedOnce) {
  Router router;
  router.add(Route{"GET", "/x/{a}", named("first"), Execution::Worker, "s"});
  router.add(Route{"GET", "/x/{b}", named("second"), Execution::Worker, "s"});
  router.add(Route{"PUT", "/x/{a}", named("put"), Execution::Worker, "s"});
  const auto m = router.match("DELETE", "/x/1");
  ASSERT_EQ(m.kind, Kind::MethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD, PUT");
  // The first registered route wins.
  const auto g = router.match("GET", "/x/1");
  EXPECT_EQ(run(g), "first");
  EXPECT_EQ(g.params, (Params{{"a", "1"}}));
}

TEST(RouterHead, HeadIsServedByTheGetRoute) {
  const Router router = api_router();
  EXPECT_EQ(run(router.match("HEAD", "/healthz")), "healthz");
  const auto m = router.match("HEAD", "/api/u/tasks/t");
  ASSERT_EQ(m.kind, Kind::Found);
  EXPECT_EQ(run(m), "get");
  EXPECT_EQ(m.params, (Params{{"user_id", "u"}, {"id", "t"}}));
}

TEST(RouterHead, ExplicitHeadRouteIsUsed) {
  Router router;
  router.add(Route{"GET", "/r", named("get"), Execution::Worker, "s"});
  router.add(Route{"HEAD", "/r", named("head"), Execution::Worker, "s"});
  // Registration order decides; a GET route registered first also serves HEAD.
  EXPECT_EQ(run(router.match("HEAD", "/r")), "get");
  Router reversed;
  reversed.add(Route{"HEAD", "/r", named("head"), Execution::Worker, "s"});
  reversed.add(Route{"GET", "/r", named("get"), Execution::Worker, "s"});
  EXPECT_EQ(run(reversed.match("HEAD", "/r")), "head");
  EXPECT_EQ(run(reversed.match("GET", "/r")), "get");
}

TEST(RouterFallback, ServesUnmatchedGetAndHead) {
  Router router = api_router();
  router.set_fallback(named("web"), "gateway", Execution::Worker);
  const auto m = router.match("GET", "/app/index.html");
  ASSERT_EQ(m.kind, Kind::Found);
  EXPECT_EQ(run(m), "web");
  EXPECT_EQ(m.route->pattern, "*");
  EXPECT_EQ(run(router.match("HEAD", "/")), "web");
  EXPECT_EQ(run(router.match("GET", "/api/u")), "web");  // the fallback decides what /api/... gets
}

TEST(RouterFallback, NotForOtherMethods) {
  Router router = api_router();
  router.set_fallback(named("web"), "gateway");
  EXPECT_EQ(router.match("POST", "/app/index.html").kind, Kind::NotFound);
  EXPECT_EQ(router.match("DELETE", "/").kind, Kind::NotFound);
}

TEST(RouterFallback, KnownPathsKeepTheir405) {
  Router router = api_router();
  router.set_fallback(named("web"), "gateway");
  const auto m = router.match("GET", "/api/auth/sign-up");
  EXPECT_EQ(m.kind, Kind::MethodNotAllowed);
  EXPECT_EQ(m.allow, "POST");
  EXPECT_EQ(run(router.match("GET", "/api/u/tasks")), "list");
}

TEST(RouterFallback, ExecutionIsConfigurable) {
  Router router;
  router.set_fallback(named("web"), "gateway", Execution::Inline);
  const auto m = router.match("GET", "/x");
  ASSERT_EQ(m.kind, Kind::Found);
  EXPECT_EQ(m.route->execution, Execution::Inline);
}

TEST(RouterRegistry, RoutesAreKeptInRegistrationOrder) {
  const Router router = api_router();
  ASSERT_EQ(router.routes().size(), 14u);
  EXPECT_EQ(router.routes().front().pattern, "/healthz");
  EXPECT_EQ(router.routes().back().pattern, "/api/{user_id}/tags");
  EXPECT_EQ(router.routes()[2].method, "POST");
  EXPECT_EQ(router.routes()[2].service, "gateway");
}

TEST(RouterMatch, EmptyBracesAreALiteralSegment) {
  Router router;
  router.add(Route{"GET", "/a/{}", named("literal"), Execution::Worker, "s"});
  EXPECT_EQ(router.match("GET", "/a/x").kind, Kind::NotFound);
}

// A static route must not hide a pattern route that serves the same path with
// another method: the exact-match table is meant as a fast path, yet when it
// hits, pattern routes are never consulted, so DELETE below gets 405 (Allow:
// GET, HEAD) although "DELETE /api/{user_id}/tasks/{id}" matches it.
TEST(RouterMatch, StaticRouteDoesNotShadowPatternRouteOfAnotherMethod) {
  Router router;
  router.add(Route{"DELETE", "/api/{user_id}/tasks/{id}", named("delete"), Execution::Worker, "s"});
  router.add(Route{"GET", "/api/me/tasks/summary", named("summary"), Execution::Worker, "s"});
  const auto m = router.match("DELETE", "/api/me/tasks/summary");
  ASSERT_EQ(m.kind, Kind::Found);
  EXPECT_EQ(run(m), "delete");
  EXPECT_EQ(m.params, (Params{{"user_id", "me"}, {"id", "summary"}}));
  // And a 405 on that path would have to list both.
  const auto p = router.match("POST", "/api/me/tasks/summary");
  ASSERT_EQ(p.kind, Kind::MethodNotAllowed);
  EXPECT_NE(p.allow.find("GET"), std::string::npos) << p.allow;
  EXPECT_NE(p.allow.find("DELETE"), std::string::npos) << p.allow;
}

}  // namespace
}  // namespace todo::net
