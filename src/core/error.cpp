#include "core/error.h"

namespace todo::core {

void Problems::throw_if_any() const {
  if (items_.empty()) return;
  const auto& first = items_.front();
  throw ApiError(ErrorCode::ValidationFailed, first.field + " " + first.problem, items_);
}

}  // namespace todo::core
