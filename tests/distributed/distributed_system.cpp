#include "distributed_system.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/uuid.h"
#include "test_env.h"

namespace todo::test {
namespace json = boost::json;

namespace {

std::string var(std::string s) {
  for (auto& c : s) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// system.env is written with printf %q: values here are plain words.
std::string unquote(std::string v) {
  if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') return v.substr(1, v.size() - 2);
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) ++i;
    out += v[i];
  }
  return out;
}

}  // namespace

DistributedSystem& DistributedSystem::get() {
  static DistributedSystem system;
  return system;
}

DistributedSystem::DistributedSystem() : dir_(required_env("DIST_DIR")) {
  std::ifstream in(dir_ + "/system.env");
  if (!in) throw std::runtime_error("no " + dir_ + "/system.env: is the distributed system running?");
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) env_[line.substr(0, eq)] = unquote(line.substr(eq + 1));
  }
}

std::string DistributedSystem::value(const std::string& key) const {
  const auto it = env_.find(key);
  return it == env_.end() ? std::string() : it->second;
}

uint16_t DistributedSystem::edge_port() const { return static_cast<uint16_t>(std::stoi(value("EDGE_PORT"))); }

uint16_t DistributedSystem::service_port(const std::string& app, int replica) const {
  return static_cast<uint16_t>(std::stoi(value(var(app) + "_" + std::to_string(replica) + "_PORT")));
}

uint16_t DistributedSystem::dapr_http_port(const std::string& app, int replica) const {
  return static_cast<uint16_t>(std::stoi(value(var(app) + "_" + std::to_string(replica) + "_DAPR_HTTP_PORT")));
}

std::string DistributedSystem::database_url() const { return required_env("DIST_DATABASE_URL"); }

void DistributedSystem::control(const std::string& command, const std::string& app, int replica) const {
  const std::string cmd = "bash " TODO_SOURCE_DIR "/tests/distributed/control.sh '" + dir_ + "' " + command + " " +
                          app + " " + std::to_string(replica) + " >>'" + dir_ + "/control.log' 2>&1";
  const int rc = std::system(cmd.c_str());
  ASSERT_EQ(rc, 0) << command << " " << app << " failed; see " << dir_ << "/control.log";
}

int DistributedSystem::run_operator_command(const std::string& app, const std::string& args, std::string& output) const {
  const std::string cmd = "DATABASE_URL='" + database_url() + "' " + value("DIST_BIN") + "/" + app + " " + args + " 2>&1";
  output.clear();
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) output.append(buf.data(), n);
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

User DistributedSystem::sign_up(const std::string& name) const {
  auto c = edge();
  const std::string email = "d-" + core::new_uuid().substr(0, 12) + "@example.com";
  HttpResult r;
  // The edge may be busy with a restart elsewhere: a bounded retry.
  wait_until([&] {
    r = c.post("/api/auth/sign-up", json::object{{"email", email}, {"password", "correct horse"}, {"name", name}});
    return r.status == 201;
  }, std::chrono::seconds(30));
  if (r.status != 201) throw std::runtime_error("sign-up failed: " + std::to_string(r.status) + " " + r.body);
  const auto j = r.json();
  return User{std::string(j.at("user").at("id").as_string()), email, std::string(j.at("token").as_string())};
}

HttpClient DistributedSystem::client_for(const User& u) const {
  HttpClient c(edge_port());
  c.set_token(u.token);
  return c;
}

std::string tasks_url(const User& u) { return "/api/" + u.id + "/tasks"; }

json::object create_acknowledged(HttpClient& c, const User& u, const json::object& body, std::chrono::milliseconds deadline) {
  const auto key = core::new_uuid();
  json::object created;
  wait_until([&] {
    HttpResult r;
    try {
      r = c.post(tasks_url(u), body, {{"Idempotency-Key", key}});
    } catch (const std::exception&) {
      return false;  // the edge itself restarting, or a dropped connection: try again
    }
    if (r.status == 201) {
      created = r.json().as_object();
      return true;
    }
    return false;
  }, deadline);
  return created;
}

json::array audit_entries(HttpClient& c, const User& u) {
  json::array all;
  std::string cursor;
  for (;;) {
    const auto target = "/api/" + u.id + "/audit?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor);
    HttpResult r;
    // A 503 is a callee that is coming back (a restart, a circuit breaker
    // that is still open): within a bound, ask again.
    wait_until([&] {
      r = c.get(target);
      return r.status != 503;
    }, std::chrono::seconds(60));
    if (r.status != 200) throw std::runtime_error("audit list failed: " + std::to_string(r.status) + " " + r.body);
    const auto j = r.json();
    for (const auto& e : j.at("items").as_array()) all.push_back(e);
    if (j.at("next_cursor").is_null()) return all;
    cursor = std::string(j.at("next_cursor").as_string());
  }
}

}  // namespace todo::test
