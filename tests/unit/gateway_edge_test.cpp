// The gateway's edge logic without a socket: the web app's files and their
// hardening headers, the per-client rate limit of the credential routes, and
// who the client is behind a trusted proxy.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.h"
#include "core/uuid.h"
#include "net/address_set.h"
#include "net/http.h"
#include "services/gateway/client_rate_limit.h"
#include "services/gateway/web_app.h"

namespace todo::services::gateway {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

net::Request get(std::string path, std::string remote = "203.0.113.7", net::Headers headers = {}) {
  net::Request req;
  req.method = "GET";
  req.path = std::move(path);
  req.target = req.path;
  req.remote_address = std::move(remote);
  req.headers = std::move(headers);
  return req;
}

class WebAppFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("web-app-" + core::new_uuid());
    fs::create_directories(root_ / "assets");
    write("index.html", "<!doctype html><script type=module src=/assets/app-1a2b.js></script>");
    write("assets/app-1a2b.js", "console.log('app')");
    write("assets/app-1a2b.js.map", "{\"version\":3}");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(root_ / rel) << text; }
  net::Response serve(const std::string& path) {
    auto handler = make_web_app_handler(root_.string());
    auto req = get(path);
    return handler(req);
  }
  fs::path root_;
};

TEST_F(WebAppFiles, PagesCarryTheStrictPolicyAndRefuseFraming) {
  for (const std::string path : {"/", "/tasks/some-client-route"}) {
    const auto res = serve(path);
    EXPECT_EQ(res.file_path, (root_ / "index.html").string()) << path;
    EXPECT_EQ(res.header("Content-Security-Policy"),
              "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; "
              "script-src 'self'; frame-ancestors 'none'")
        << path;
    EXPECT_EQ(res.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(res.header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(res.header("Cache-Control"), "no-cache");
  }
  const auto asset = serve("/assets/app-1a2b.js");
  EXPECT_EQ(asset.file_path, (root_ / "assets/app-1a2b.js").string());
  EXPECT_EQ(asset.header("Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(WebAppFiles, SourceMapsAreNeverServedEvenWhenPresent) {
  ASSERT_TRUE(fs::exists(root_ / "assets/app-1a2b.js.map"));
  try {
    serve("/assets/app-1a2b.js.map");
    FAIL() << "a source map was served";
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::NotFound);
  }
}

TEST_F(WebAppFiles, ThePlaceholderPageAllowsOnlyItsOwnInlineStyle) {
  fs::remove(root_ / "index.html");
  const auto res = serve("/");
  EXPECT_TRUE(res.file_path.empty());
  EXPECT_NE(res.body.find("has not been built"), std::string::npos);
  EXPECT_EQ(res.header("Content-Security-Policy"), "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  EXPECT_EQ(res.header("X-Frame-Options"), "DENY");
}

TEST(ClientAddress, ForwardedForCountsOnlyFromATrustedProxy) {
  const net::AddressSet trusted({"127.0.0.1", "::1"});
  // Straight from the client: its own address, whatever it claims.
  EXPECT_EQ(client_address(get("/", "203.0.113.7", {{"X-Forwarded-For", "10.0.0.1"}}), trusted), "203.0.113.7");
  // Through the edge: the address the edge appended (the last one); what
  // the client put before it is its own word and ignored.
  EXPECT_EQ(client_address(get("/", "127.0.0.1", {{"X-Forwarded-For", "10.9.9.9, 198.51.100.4"}}), trusted),
            "198.51.100.4");
  EXPECT_EQ(client_address(get("/", "::1", {{"X-Forwarded-For", " 198.51.100.5 "}}), trusted), "198.51.100.5");
  // A trusted proxy that forwards nothing: the proxy itself.
  EXPECT_EQ(client_address(get("/", "127.0.0.1"), trusted), "127.0.0.1");
  // With no trusted proxies, the header never counts.
  EXPECT_EQ(client_address(get("/", "127.0.0.1", {{"X-Forwarded-For", "198.51.100.4"}}), net::AddressSet{}),
            "127.0.0.1");
}

TEST(AddressSet, AddressesAndNetworksOfBothFamilies) {
  const net::AddressSet set({"127.0.0.1", "10.0.0.0/8", "192.168.4.0/22", "fd00::/8", "::1", "0.0.0.0/0"});
  EXPECT_TRUE(set.contains("127.0.0.1"));
  EXPECT_TRUE(set.contains("10.255.3.4"));
  EXPECT_TRUE(set.contains("192.168.7.255"));
  EXPECT_TRUE(set.contains("fdab::1"));
  EXPECT_TRUE(set.contains("::1"));
  EXPECT_TRUE(set.contains("::ffff:10.1.2.3")) << "an IPv4-mapped address is its IPv4 address";
  EXPECT_FALSE(set.contains("fe80::1"));
  EXPECT_FALSE(set.contains("not an address"));
  EXPECT_FALSE(set.contains(""));

  const net::AddressSet narrow({"192.168.4.0/22", "2001:db8::/33"});
  EXPECT_TRUE(narrow.contains("192.168.4.1"));
  EXPECT_FALSE(narrow.contains("192.168.8.1"));
  EXPECT_FALSE(narrow.contains("192.168.3.255"));
  EXPECT_TRUE(narrow.contains("2001:db8:7fff::1"));
  EXPECT_FALSE(narrow.contains("2001:db8:8000::1"));
  EXPECT_FALSE(narrow.contains("127.0.0.1"));
  EXPECT_FALSE(net::AddressSet{}.contains("127.0.0.1"));
}

TEST(AddressSet, RefusesWhatIsNotAnAddressOrNetwork) {
  for (const std::string bad : {"localhost", "10.0.0.1:80", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8x",
                                "10.0.0.0/-1", "1.2.3", ""}) {
    EXPECT_THROW(net::AddressSet({bad}), std::invalid_argument) << bad;
  }
  EXPECT_TRUE(net::is_ip_address("::1"));
  EXPECT_TRUE(net::is_ip_address("0.0.0.0"));
  EXPECT_FALSE(net::is_ip_address("0.0.0.0/0"));
}

TEST(ClientRateLimit, ABurstThenTheSteadyRatePerClient) {
  ClientRateLimit limit(6, {});  // 6 a minute: one every 10 s, bursts of 6
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  for (int i = 0; i < 6; ++i) EXPECT_EQ(limit.admit("a", t0), std::nullopt) << i;
  const auto wait = limit.admit("a", t0);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 10);
  // Another client has its own bucket.
  EXPECT_EQ(limit.admit("b", t0), std::nullopt);
  // A refused request costs nothing; ten seconds later one more is allowed, not two.
  EXPECT_EQ(limit.admit("a", t0 + 10s), std::nullopt);
  EXPECT_TRUE(limit.admit("a", t0 + 10s).has_value());
  // After a quiet minute the whole burst is back.
  for (int i = 0; i < 6; ++i) EXPECT_EQ(limit.admit("a", t0 + 2min), std::nullopt) << i;
  EXPECT_TRUE(limit.admit("a", t0 + 2min).has_value());
}

TEST(ClientRateLimit, ZeroMeansNoLimit) {
  ClientRateLimit limit(0, {});
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limit.admit("a", t0), std::nullopt);
}

TEST(ClientRateLimit, CheckRefusesWith429AndRetryAfter) {
  ClientRateLimit limit(1, net::AddressSet({"127.0.0.1"}));
  auto from_edge = [](std::string client) {
    return get("/api/auth/sign-in", "127.0.0.1", {{"X-Forwarded-For", std::move(client)}});
  };
  EXPECT_NO_THROW(limit.check(from_edge("198.51.100.1")));
  try {
    limit.check(from_edge("198.51.100.1"));
    FAIL() << "the second request of the minute went through";
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::RateLimited);
    ASSERT_TRUE(e.retry_after().has_value());
    EXPECT_GE(*e.retry_after(), 1);
    EXPECT_LE(*e.retry_after(), 60);
  }
  // Another client behind the same edge is not affected.
  EXPECT_NO_THROW(limit.check(from_edge("198.51.100.2")));
}

TEST(ClientRateLimit, IdleClientsAreForgotten) {
  ClientRateLimit limit(60, {});
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(limit.admit("client-" + std::to_string(i), t0), std::nullopt);
  EXPECT_EQ(limit.tracked_clients(), 10000u);
  // A minute later the sweep drops every bucket idle for a minute.
  EXPECT_EQ(limit.admit("late", t0 + 2min), std::nullopt);
  EXPECT_EQ(limit.tracked_clients(), 1u);
}

}  // namespace
}  // namespace todo::services::gateway
