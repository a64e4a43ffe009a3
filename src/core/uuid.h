#pragma once
// Random (version 4) UUIDs for resource and event ids.
#include <string>
#include <string_view>

namespace todo::core {

std::string new_uuid();
// Canonical lower-case 8-4-4-4-12 form; anything else is not an id we issued.
bool is_uuid(std::string_view s);

}  // namespace todo::core
