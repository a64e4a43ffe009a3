#include "api_fixture.h"

#include "core/uuid.h"

namespace todo::test {
namespace json = boost::json;

std::unique_ptr<TestDatabase> ApiTest::db_;
std::unique_ptr<PlatformProcess> ApiTest::platform_;

std::map<std::string, std::string>& ApiTest::platform_env() {
  static std::map<std::string, std::string> env;
  return env;
}

void ApiTest::SetUpTestSuite() {
  db_ = std::make_unique<TestDatabase>();
  platform_ = std::make_unique<PlatformProcess>(db_->url(), platform_env());
  platform_->start();
}

void ApiTest::TearDownTestSuite() {
  if (platform_) platform_->terminate();
  platform_.reset();
  db_.reset();
}

Account ApiTest::sign_up(const std::string& name) {
  HttpClient c(port());
  Account a;
  a.email = "user-" + core::new_uuid().substr(0, 13) + "@example.com";
  const auto r = c.post("/api/auth/sign-up", json::object{{"email", a.email}, {"password", "correct horse battery"},
                                                          {"name", name}});
  if (r.status != 201) throw std::runtime_error("sign-up failed: " + std::to_string(r.status) + " " + r.body);
  const auto body = r.json().as_object();
  a.id = std::string(body.at("user").at("id").as_string());
  a.token = std::string(body.at("token").as_string());
  return a;
}

HttpClient ApiTest::client_for(const Account& a) {
  HttpClient c(port());
  c.set_token(a.token);
  return c;
}

json::object ApiTest::create_task(HttpClient& c, const Account& a, const json::object& body) {
  const auto r = c.post(tasks_url(a), body);
  if (r.status != 201) throw std::runtime_error("create failed: " + std::to_string(r.status) + " " + r.body);
  return r.json().as_object();
}

std::string error_code(const HttpResult& r) {
  try {
    return std::string(r.json().at("error").at("code").as_string());
  } catch (const std::exception&) {
    return "<not an error body: " + r.body.substr(0, 200) + ">";
  }
}

double metric(HttpClient& c, const std::string& series) {
  const auto r = c.get("/metrics");
  if (r.status != 200) return 0;
  const auto at = r.body.find("\n" + series + " ");
  if (at == std::string::npos) return 0;
  return std::stod(r.body.substr(at + series.size() + 2));
}

}  // namespace todo::test
