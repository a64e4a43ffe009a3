#pragma once
// The {id} of a resource path. Anything that is not an id we issued cannot
// name a resource of this user: 404, like any other unknown id (never 400,
// which would tell ids apart from other users' ids).
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/uuid.h"
#include "net/http.h"

namespace todo::services {

inline std::string id_param(const net::Request& req, std::string_view resource, std::string_view name = "id") {
  const auto id = req.param(name);
  if (!core::is_uuid(id)) throw core::not_found(std::string(resource));
  return std::string(id);
}

}  // namespace todo::services
