#include "net/error_mapping.h"

#include <boost/json.hpp>


namespace todo::net {
using core::ErrorCode;

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::MalformedJson:
    case ErrorCode::BadRequest: return 400;
    case ErrorCode::Unauthenticated: return 401;
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::MethodNotAllowed: return 405;
    case ErrorCode::Conflict: return 409;
    case ErrorCode::PreconditionFailed: return 412;
    case ErrorCode::PayloadTooLarge: return 413;
    case ErrorCode::UnsupportedMediaType: return 415;
    case ErrorCode::ValidationFailed: return 422;
    case ErrorCode::RateLimited: return 429;
    case ErrorCode::HeadersTooLarge: return 431;
    case ErrorCode::Unavailable: return 503;
    case ErrorCode::Internal: break;
  }
  return 500;
}

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::MalformedJson: return "malformed_json";
    case ErrorCode::BadRequest:
    case ErrorCode::HeadersTooLarge: return "bad_request";
    case ErrorCode::Unauthenticated: return "unauthenticated";
    case ErrorCode::Forbidden: return "forbidden";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::MethodNotAllowed: return "method_not_allowed";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::PreconditionFailed: return "precondition_failed";
    case ErrorCode::PayloadTooLarge: return "payload_too_large";
    case ErrorCode::UnsupportedMediaType: return "unsupported_media_type";
    case ErrorCode::ValidationFailed: return "validation_failed";
    case ErrorCode::RateLimited: return "rate_limited";
    case ErrorCode::Unavailable: return "unavailable";
    case ErrorCode::Internal: break;
  }
  return "internal";
}

Response error_response(const core::ApiError& e, std::string_view request_id) {
  boost::json::array details;
  for (const auto& d : e.details()) details.push_back(boost::json::object{{"field", d.field}, {"problem", d.problem}});
  boost::json::object err{{"code", error_code_name(e.code())},
                          {"message", e.what()},
                          {"details", std::move(details)},
                          {"request_id", request_id}};
  auto r = json_response(http_status(e.code()), boost::json::object{{"error", std::move(err)}});
  if (e.retry_after()) r.set_header("Retry-After", std::to_string(*e.retry_after()));
  if (e.code() == ErrorCode::Unauthenticated) r.set_header("WWW-Authenticate", "Bearer");
  return r;
}

Response error_response(std::exception_ptr ep, std::string_view request_id, bool* is_internal) {
  if (is_internal) *is_internal = false;
  try {
    std::rethrow_exception(ep);
  } catch (const core::ApiError& e) {
    return error_response(e, request_id);
  } catch (const core::DependencyFailure& e) {
    if (e.unavailable()) {
      return error_response(core::ApiError(ErrorCode::Unavailable,
                                           std::string(e.dependency()) + " is unavailable, retry shortly")
                                .with_retry_after(1),
                            request_id);
    }
  } catch (...) {
  }
  if (is_internal) *is_internal = true;
  return error_response(core::ApiError(ErrorCode::Internal, "internal error"), request_id);
}

}  // namespace todo::net
