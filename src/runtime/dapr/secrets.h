#pragma once
// Secrets from the sidecar's secret store (component `secretstore`: a local
// file for one-machine runs, Kubernetes Secrets in a cluster).
#include <optional>
#include <string>
#include <string_view>

#include "runtime/dapr/sidecar.h"

namespace todo::runtime::dapr {

// GET /v1.0/secrets/<store>/<name>: the value of key `name` in the answer, or
// its only value (a Kubernetes Secret named `name` with one key). nullopt
// when the store answers without it; throws SidecarError when it does not
// answer, and std::runtime_error when it refuses (status and body).
std::optional<std::string> read_secret(Sidecar& sidecar, std::string_view name, std::string_view store = "secretstore");

}  // namespace todo::runtime::dapr
