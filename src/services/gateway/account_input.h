#pragma once
// Validation of sign-up and sign-in bodies (DESIGN §3.2).
#include <boost/json/value.hpp>
#include <string>

namespace todo::services::gateway {

struct SignUp {
  std::string email;  // trimmed, as given (compared case-insensitively)
  std::string password;
  std::string name;
};

struct SignIn {
  std::string email;
  std::string password;
};

// Throw ApiError(ValidationFailed) listing every broken field.
SignUp parse_sign_up(const boost::json::value& body);
SignIn parse_sign_in(const boost::json::value& body);

bool plausible_email(std::string_view email);

}  // namespace todo::services::gateway
