#include "runtime/dapr/sidecar.h"

#include <boost/json.hpp>
#include <stdexcept>

namespace todo::runtime::dapr {

Sidecar::Sidecar(SidecarOptions options) : opts_(std::move(options)) {
  net::HttpClientOptions o;
  o.host = opts_.host;
  o.port = opts_.port;
  o.max_connections = opts_.max_connections;
  o.request_timeout = opts_.timeout;
  o.connect_timeout = std::min(opts_.timeout, std::chrono::milliseconds(2000));
  client_ = std::make_unique<net::HttpClient>(o);
}

Sidecar::~Sidecar() = default;

net::ClientResponse Sidecar::call(std::string method, std::string target, std::string body,
                                  std::string_view content_type, net::Headers headers,
                                  std::optional<std::chrono::milliseconds> timeout) {
  net::ClientRequest req;
  req.method = std::move(method);
  req.target = std::move(target);
  req.body = std::move(body);
  req.headers = std::move(headers);
  if (!req.body.empty() && !content_type.empty()) req.headers.emplace_back("content-type", std::string(content_type));
  if (!opts_.api_token.empty()) req.headers.emplace_back("dapr-api-token", opts_.api_token);
  req.timeout = timeout;
  try {
    return client_->send(req);
  } catch (const net::HttpClientError& e) {
    // A request we built wrong is a bug, not an absent sidecar: it must not
    // be retried as if the sidecar would come back.
    if (e.kind() == net::HttpClientError::Kind::InvalidArgument) throw std::logic_error(e.what());
    throw SidecarError("the Dapr sidecar at " + opts_.host + ":" + std::to_string(opts_.port) + " did not answer: " +
                       e.what());
  }
}

bool Sidecar::outbound_ready() {
  try {
    return call("GET", "/v1.0/healthz/outbound", {}, {}, {}, std::chrono::milliseconds(2000)).status == 204;
  } catch (const SidecarError&) {
    return false;
  }
}

std::string url_escape(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const unsigned char c : s) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xf];
    }
  }
  return out;
}

std::string sidecar_error_code(const net::ClientResponse& res) {
  boost::system::error_code ec;
  const auto v = boost::json::parse(res.body, ec);
  if (ec || !v.is_object()) return {};
  const auto* code = v.get_object().if_contains("errorCode");
  return code && code->is_string() ? std::string(code->get_string()) : std::string();
}

}  // namespace todo::runtime::dapr
