#pragma once
// Blocking HTTP/1.1 client with a bounded keep-alive pool, for talking to the
// Dapr sidecar (publish, Jobs/state/secrets APIs, service invocation) from
// handler and event threads. One client per host:port, shared by every
// thread. A call never outlives its deadline (connect + write + complete
// response), never retries except once when a reused keep-alive connection
// turns out to be closed, and throws nothing but HttpClientError (and
// std::bad_alloc). Beast is confined to http_client.cpp.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "net/http.h"

namespace todo::net {

struct HttpClientOptions {
  std::string host = "127.0.0.1";  // IP literal, or a name resolved for each new connection
  uint16_t port = 3500;
  size_t max_connections = 64;                       // open at once (busy + idle + connecting)
  std::chrono::milliseconds connect_timeout{2000};   // name resolution + TCP connect, within the deadline
  std::chrono::milliseconds request_timeout{10000};  // default whole-request deadline
  std::chrono::milliseconds idle_timeout{30000};     // pooled connections idle longer are closed, not reused
  size_t max_response_body = 8 * 1024 * 1024;
};

struct ClientRequest {
  std::string method = "GET";  // upper case token
  std::string target = "/";    // origin form: /v1.0/publish/pubsub/task-events?x=y
  // Names in lower case. Host may be overridden; content-length,
  // transfer-encoding, connection, keep-alive, te, upgrade and trailer belong
  // to the client (InvalidArgument).
  Headers headers;
  std::string body;
  // Whole-request deadline; defaults to options().request_timeout.
  std::optional<std::chrono::milliseconds> timeout;
};

struct ClientResponse {
  int status = 0;
  Headers headers;  // names in lower case, in arrival order
  std::string body;
  // Case-insensitive; empty when absent.
  std::string_view header(std::string_view name) const;
};

class HttpClientError : public std::runtime_error {
 public:
  enum class Kind {
    // Nothing was sent (Connect and PoolExhausted are safe to retry).
    InvalidArgument,  // malformed request or options
    Connect,          // resolving or connecting failed or timed out
    PoolExhausted,    // no connection slot became free before the deadline
    // The request may have reached the server.
    Timeout,   // the deadline passed after connecting, before a complete response
    Io,        // the connection failed before any byte of the response arrived
    Protocol,  // the response was malformed, over a limit, or cut off
    Shutdown,  // the client is being destroyed
  };
  HttpClientError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

std::string_view to_string(HttpClientError::Kind kind);

class HttpClient {
 public:
  // Throws HttpClientError{InvalidArgument} for unusable options. Does not connect.
  explicit HttpClient(HttpClientOptions options);
  // Closes every connection. Calls already inside send() are woken and fail
  // with Shutdown; the destructor returns once they have left. (Starting a
  // call concurrently with or after destruction is the owner's bug.)
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Thread-safe and blocking. Returns any status the server sent (4xx/5xx
  // included); throws HttpClientError for everything else.
  ClientResponse send(const ClientRequest& request);

  const HttpClientOptions& options() const;

  struct PoolStats {
    size_t open = 0;     // connections counted against max_connections
    size_t idle = 0;     // of which pooled, waiting for reuse
    size_t waiting = 0;  // callers waiting for a slot
  };
  PoolStats pool_stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace todo::net
