#pragma once
// Domain errors. Business code throws `ApiError` (or returns it); exactly one
// place, net/error_mapping, turns it into the HTTP error contract of
// DESIGN §3.1. Core code never knows about HTTP statuses beyond the code name.
#include <optional>
#include <stdexcept>
#include <string_view>
#include <string>
#include <vector>

namespace todo::core {

enum class ErrorCode {
  MalformedJson,         // 400 malformed_json
  BadRequest,            // 400 bad_request
  Unauthenticated,       // 401 unauthenticated
  Forbidden,             // 403 forbidden
  NotFound,              // 404 not_found
  MethodNotAllowed,      // 405 method_not_allowed
  Conflict,              // 409 conflict
  PreconditionFailed,    // 412 precondition_failed
  PayloadTooLarge,       // 413 payload_too_large
  UnsupportedMediaType,  // 415 unsupported_media_type
  HeadersTooLarge,       // 431 bad_request
  ValidationFailed,      // 422 validation_failed
  RateLimited,           // 429 rate_limited
  Internal,              // 500 internal
  Unavailable,           // 503 unavailable
};

struct FieldProblem {
  std::string field;
  std::string problem;
};

class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorCode code, std::string message, std::vector<FieldProblem> details = {})
      : std::runtime_error(message), code_(code), details_(std::move(details)) {}

  ErrorCode code() const { return code_; }
  const std::vector<FieldProblem>& details() const { return details_; }
  // Seconds for Retry-After (429, 503).
  std::optional<int> retry_after() const { return retry_after_; }
  ApiError& with_retry_after(int seconds) {
    retry_after_ = seconds;
    return *this;
  }

 private:
  ErrorCode code_;
  std::vector<FieldProblem> details_;
  std::optional<int> retry_after_;
};

// Collects every broken field so a 422 lists them all at once.
class Problems {
 public:
  void add(std::string field, std::string problem) { items_.push_back({std::move(field), std::move(problem)}); }
  bool empty() const { return items_.empty(); }
  const std::vector<FieldProblem>& items() const { return items_; }
  // Throws ValidationFailed whose message is the first problem ("title must not be empty").
  void throw_if_any() const;

 private:
  std::vector<FieldProblem> items_;
};

// what() of the exception being handled (call inside a catch block), or
// "unknown exception" for one that is not a std::exception.
std::string current_exception_message();

// Implemented by the errors of a dependency (the database, …) so that the
// one error mapping (net/error_mapping) can answer 503 `unavailable` with
// Retry-After when the dependency is down, without knowing its library.
class DependencyFailure {
 public:
  virtual ~DependencyFailure() = default;
  // Unreachable right now; the request may succeed a moment later.
  virtual bool unavailable() const noexcept = 0;
  // "the database", for the message clients see.
  virtual std::string_view dependency() const noexcept = 0;
};

inline ApiError not_found(std::string what) { return ApiError(ErrorCode::NotFound, std::move(what) + " not found"); }
inline ApiError bad_request(std::string message) { return ApiError(ErrorCode::BadRequest, std::move(message)); }

}  // namespace todo::core
