#include "core/error.h"

namespace todo::core {

void Problems::throw_if_any() const {
  if (items_.empty()) return;
  const auto& first = items_.front();
  throw ApiError(ErrorCode::ValidationFailed, first.field + " " + first.problem, items_);
}

std::string current_exception_message() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
  }
  return "unknown exception";
}

}  // namespace todo::core
