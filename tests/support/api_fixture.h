#pragma once
// A platform process on a fresh database, shared by the tests of one suite,
// plus helpers to create accounts and tasks through the public API.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "http_client.h"
#include "platform_process.h"
#include "test_env.h"

namespace todo::test {

struct Account {
  std::string id;
  std::string email;
  std::string token;
};

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  // Extra environment for the platform of this suite (override by defining
  // a static `suite_env()` is not possible in gtest; set before SetUpTestSuite).
  static std::map<std::string, std::string>& platform_env();

  static TestDatabase& database() { return *db_; }
  static PlatformProcess& platform() { return *platform_; }
  static uint16_t port() { return platform_->port(); }

  // A new account with a unique email; the returned client carries its token.
  static Account sign_up(const std::string& name = "Test User");
  static HttpClient client_for(const Account& a);
  // POST /api/{user}/tasks; asserts 201 and returns the task.
  static boost::json::object create_task(HttpClient& c, const Account& a, const boost::json::object& body);
  static std::string tasks_url(const Account& a) { return "/api/" + a.id + "/tasks"; }

 private:
  static std::unique_ptr<TestDatabase> db_;
  static std::unique_ptr<PlatformProcess> platform_;
};

// The error code of an error response body ("validation_failed"...).
std::string error_code(const HttpResult& r);

// The value of one series of a process's /metrics (e.g.
// `events_consumed_total{subscriber="recurring-service",topic="task-events",outcome="success"}`),
// 0 when the series is not there yet.
double metric(HttpClient& c, const std::string& series);

}  // namespace todo::test
