#include "runtime/dapr/secrets.h"

#include <boost/json.hpp>
#include <stdexcept>

namespace todo::runtime::dapr {

std::optional<std::string> read_secret(Sidecar& sidecar, std::string_view name, std::string_view store) {
  const auto res = sidecar.call("GET", "/v1.0/secrets/" + url_escape(store) + "/" + url_escape(name));
  if (res.status == 204) return std::nullopt;
  if (res.status != 200)
    throw std::runtime_error("the secret store answered " + std::to_string(res.status) + " for " + std::string(name) +
                             ": " + res.body.substr(0, 200));
  boost::system::error_code ec;
  const auto v = boost::json::parse(res.body, ec);
  if (ec || !v.is_object()) throw std::runtime_error("the secret store answered something that is not a JSON object");
  const auto& o = v.get_object();
  const auto* value = o.if_contains(name);
  if (!value && o.size() == 1) value = &o.begin()->value();
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

}  // namespace todo::runtime::dapr
