#pragma once
// Plain HTTP request/response values. Handlers are functions from Request to
// Response; nothing here knows about sockets or Beast, so every handler is
// unit-testable by building a Request by hand.
#include <boost/json/fwd.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/query_params.h"
#include "core/strings.h"

namespace todo::net {

using Headers = std::vector<std::pair<std::string, std::string>>;  // names in lower case

struct Request {
  std::string method;  // upper case
  std::string target;  // as received, e.g. /api/u/tasks?status=all
  std::string path;    // percent-decoded path without the query
  core::QueryParams query;
  Headers headers;
  std::string body;
  std::string remote_address;
  // Filled by the dispatcher.
  std::string request_id;
  std::string traceparent;
  std::vector<std::pair<std::string, std::string>> path_params;
  std::string route;  // the matched pattern, for logs and metrics

  // Case-insensitive; empty when absent.
  std::string_view header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  std::string_view param(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::string content_type = "application/json";
  // For a file body: the server streams it instead of `body`.
  std::string file_path;

  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view name) const;
};

Response json_response(int status, const boost::json::value& body);
Response no_content();

using Handler = std::function<Response(Request&)>;

using core::iequals;

}  // namespace todo::net
