#include "runtime/dapr/dapr_state_store.h"

#include <boost/json.hpp>
#include <stdexcept>

#include "core/error.h"

namespace todo::runtime::dapr {
namespace json = boost::json;

namespace {

core::ApiError unavailable(const std::string& why) {
  return core::ApiError(core::ErrorCode::Unavailable, "the state store is unavailable: " + why).with_retry_after(1);
}

}  // namespace

std::string DaprStateStore::url(std::string_view key) const {
  return "/v1.0/state/" + url_escape(store_) + (key.empty() ? "" : "/" + url_escape(key));
}

net::ClientResponse DaprStateStore::call(std::string method, std::string target, std::string body, net::Headers headers) {
  try {
    return sidecar_.call(std::move(method), std::move(target), std::move(body), "application/json", std::move(headers));
  } catch (const SidecarError& e) {
    throw unavailable(e.what());
  }
}

std::optional<StateItem> DaprStateStore::get(std::string_view key) {
  if (key.empty() || key.find("||") != std::string_view::npos) return std::nullopt;  // could never be stored
  const auto res = call("GET", url(key) + "?consistency=strong");
  if (res.status == 204) return std::nullopt;
  if (res.status != 200) throw unavailable("get answered " + std::to_string(res.status));
  return StateItem{res.body, std::string(res.header("etag"))};
}

StateResult DaprStateStore::save(std::string_view key, std::string_view value, const SaveOptions& o) {
  if (key.empty() || key.find("||") != std::string_view::npos)
    throw std::invalid_argument("state key must be non-empty and must not contain '||'");
  boost::system::error_code ec;
  auto parsed = json::parse(value, ec);
  if (ec) throw std::invalid_argument("state value is not JSON: " + ec.message());
  json::object item{{"key", key}, {"value", std::move(parsed)}};
  json::object options{{"concurrency", o.concurrency == Concurrency::FirstWrite ? "first-write" : "last-write"},
                       {"consistency", "strong"}};
  const bool has_etag = o.etag && !o.etag->empty();
  if (has_etag) {
    item["etag"] = *o.etag;
    options["concurrency"] = "first-write";  // an ETag always means compare-and-set
  }
  item["options"] = std::move(options);
  if (o.ttl) {
    if (o.ttl->count() <= 0) throw std::invalid_argument("state TTL must be positive");
    item["metadata"] = json::object{{"ttlInSeconds", std::to_string(o.ttl->count())}};
  }
  const auto res = call("POST", url({}), json::serialize(json::array{std::move(item)}));
  if (res.status == 204 || res.status == 200) {
    // The new ETag is not returned by a save; callers that need it read again.
    return {std::nullopt, {}};
  }
  if (res.status == 409) return {StateError::EtagMismatch, {}};
  if (res.status == 400 && has_etag) return {StateError::InvalidEtag, {}};
  if (!has_etag && o.concurrency == Concurrency::FirstWrite && get(key)) return {StateError::EtagMismatch, {}};
  throw unavailable("save answered " + std::to_string(res.status) + ": " + res.body.substr(0, 200));
}

StateResult DaprStateStore::remove(std::string_view key, std::optional<std::string_view> etag) {
  if (key.empty() || key.find("||") != std::string_view::npos)
    throw std::invalid_argument("state key must be non-empty and must not contain '||'");
  net::Headers headers;
  const bool has_etag = etag && !etag->empty();
  if (has_etag) headers.emplace_back("if-match", std::string(*etag));
  const auto res = call("DELETE", url(key) + (has_etag ? "?concurrency=first-write" : ""), {}, std::move(headers));
  if (res.status == 204 || res.status == 200) return {};
  if (res.status == 409) return {StateError::EtagMismatch, {}};
  if (res.status == 400 && has_etag) return {StateError::InvalidEtag, {}};
  throw unavailable("delete answered " + std::to_string(res.status));
}

}  // namespace todo::runtime::dapr
