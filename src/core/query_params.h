#pragma once
// Decoded query string parameters, in order, repeats kept (tag=a&tag=b).
#include <string>
#include <utility>
#include <vector>

namespace todo::core {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

}  // namespace todo::core
