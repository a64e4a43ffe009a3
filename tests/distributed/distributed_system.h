#pragma once
// The distributed system the suite runs against: started once by
// scripts/test (scripts/lib/distributed.sh) under DIST_DIR, with real daprd,
// the Dapr scheduler, Kafka and PostgreSQL. Tests talk to it through the
// edge like a client, reach single services or replicas by their ports, and
// kill and restart processes through tests/distributed/control.sh. Every
// wait is bounded; figures go to bench/, not here.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "http_client.h"

namespace todo::test {

struct User {
  std::string id;
  std::string email;
  std::string token;
};

class DistributedSystem {
 public:
  static DistributedSystem& get();
  uint16_t edge_port() const;
  // The port of one service replica (beside its sidecar).
  uint16_t service_port(const std::string& app, int replica = 0) const;
  uint16_t dapr_http_port(const std::string& app, int replica = 0) const;
  std::string value(const std::string& key) const;  // from system.env
  const std::string& dir() const { return dir_; }
  std::string database_url() const;
  std::string app_api_token() const { return value("APP_API_TOKEN_VALUE"); }

  // Runs control.sh; ASSERTs success.
  void control(const std::string& command, const std::string& app = "", int replica = 0) const;
  // Runs bin/<app> with arguments (operator commands) with DATABASE_URL set;
  // returns the exit code and fills `output`.
  int run_operator_command(const std::string& app, const std::string& args, std::string& output) const;

  HttpClient edge() const { return HttpClient(edge_port()); }
  // A new account through the edge; the client carries its token.
  User sign_up(const std::string& name = "Dist User") const;
  HttpClient client_for(const User& u) const;

 private:
  DistributedSystem();
  std::string dir_;
  std::map<std::string, std::string> env_;
};

std::string tasks_url(const User& u);
// POST a task through the edge, retrying with one Idempotency-Key while the
// system answers 503 or cannot be reached (a service restarting), within
// `deadline`. Returns the created task, or an empty object when it never got
// a 201 (the create is then not acknowledged).
boost::json::object create_acknowledged(HttpClient& c, const User& u, const boost::json::object& body,
                                        std::chrono::milliseconds deadline = std::chrono::seconds(60));
// Every audit entry of the user (all pages).
boost::json::array audit_entries(HttpClient& c, const User& u);

}  // namespace todo::test
