#pragma once
// Serves the built web app (WEB_ROOT): files by path, index.html for client
// routes, long-lived caching for hashed assets. /api/... paths never fall
// back to the app: an unknown API route is a JSON 404.
#include <string>

#include "net/http.h"

namespace todo::services::gateway {

net::Handler make_web_app_handler(std::string web_root);

}  // namespace todo::services::gateway
