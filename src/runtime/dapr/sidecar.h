#pragma once
// The service's own Dapr sidecar, over its HTTP API (DESIGN §8.1: a service
// talks to nothing else). One keep-alive client per process; every call
// carries `dapr-api-token` when DAPR_API_TOKEN is set, and has a deadline.
// What a call returns is the sidecar's answer; failing to get one (down,
// timed out) is a SidecarError the adapters turn into Retry or 503.
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "net/http.h"
#include "net/http_client.h"

namespace todo::runtime::dapr {

struct SidecarOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 3500;
  std::string api_token;                             // DAPR_API_TOKEN
  std::chrono::milliseconds timeout{10000};          // per call
  size_t max_connections = 64;
};

class SidecarError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Sidecar {
 public:
  explicit Sidecar(SidecarOptions options);
  ~Sidecar();

  // `target` is the path and query under the sidecar (/v1.0/...). Throws
  // SidecarError when no answer arrives within the deadline.
  net::ClientResponse call(std::string method, std::string target, std::string body = {},
                           std::string_view content_type = "application/json", net::Headers headers = {},
                           std::optional<std::chrono::milliseconds> timeout = std::nullopt);

  // GET /v1.0/healthz/outbound: the sidecar's components are ready (it may
  // still be waiting for this app). False when it does not answer 204.
  bool outbound_ready();

  const SidecarOptions& options() const { return opts_; }

 private:
  SidecarOptions opts_;
  std::unique_ptr<net::HttpClient> client_;
};

// Path segments and query values for the sidecar's URLs.
std::string url_escape(std::string_view s);

// The `errorCode` of a sidecar's own error body (its failures, as opposed to
// what an app answered through it), or empty.
std::string sidecar_error_code(const net::ClientResponse& res);

}  // namespace todo::runtime::dapr
