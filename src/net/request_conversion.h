#pragma once
// Beast's parsed request → the plain net::Request the dispatcher takes, and
// the answer to a request the dispatcher never sees. One definition for the
// server and for the HTTP fuzz target (tests/fuzz/http), so the fuzzer
// exercises the rules the server applies.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "core/error.h"
#include "net/http.h"

namespace todo::net {

// False when the target is not a valid origin-form URL, or its decoded path
// or query holds invalid UTF-8 or a NUL (which would cut a string short
// where it reaches C APIs such as libpq).
bool to_request(const boost::beast::http::request<boost::beast::http::string_body>& in, const std::string& remote,
                Request& out);

// A response for a request the dispatcher never saw (unparseable, too
// big): the error contract, a fresh request id, and the connection closes.
Response protocol_error(core::ErrorCode code, std::string message);

}  // namespace todo::net
