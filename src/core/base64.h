#pragma once
// base64url without padding (RFC 4648 §5), used by JWTs and page cursors.
#include <optional>
#include <string>
#include <string_view>

namespace todo::core {

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace todo::core
