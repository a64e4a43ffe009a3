#pragma once
// Shared helpers of the integration suites: a fresh database per test, the
// todo-platform process, and waiting on conditions with a deadline.
#include <chrono>
#include <functional>
#include <string>

namespace todo::test {

// An environment variable that must be set by scripts/test (the test is
// skipped with a clear message when run outside it).
std::string required_env(const char* name);

// Waits until `pred` is true, checking often; false when `timeout` passes first.
bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A database created for one test from TEST_DATABASE_URL and dropped afterwards.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

// Replaces the database name of a postgresql:// URL.
std::string with_database(const std::string& url, const std::string& db);

}  // namespace todo::test
