// Page cursors and the list queries that carry them: core::decode_cursor
// (src/core/page_cursor.h), core::parse_task_query (src/core/task_query.h),
// and the notification and audit queries (seq cursors).
//
// Three kinds of input:
// - "{...}": the JSON inside a cursor. The target encodes it and offers it as
//   the `cursor` of a task list under each of the ten sort/order scopes, and
//   of the notification and audit lists;
// - text with '=' or '&': a query string, split and percent-decoded with
//   Boost.URL like the server does (src/net/http_server.cpp), given to the
//   three list parsers;
// - anything else: a cursor as a client sends it, decoded for every scope.
//
// Properties: nothing crashes, leaks or hits UB; a refusal is always
// ApiError(BadRequest) (anything else would be a 500) with a UTF-8 message
// (it is sent in a JSON body); an accepted cursor
// re-encodes to one that decodes to the same key and id, and is refused
// under any other scope; a decodable base64url text re-encodes to itself.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <vector>

#include "core/base64.h"
#include "core/error.h"
#include "core/page_cursor.h"
#include "core/task_query.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "fuzz_common.h"
#include "services/audit-service/audit_query.h"
#include "services/notification-service/notification_query.h"

using namespace todo;

namespace {

const std::vector<std::string>& scopes() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> s;
    for (auto sort : {core::TaskSort::CreatedAt, core::TaskSort::UpdatedAt, core::TaskSort::DueDate,
                      core::TaskSort::Priority, core::TaskSort::Title})
      for (bool desc : {true, false}) s.push_back(core::cursor_scope(sort, desc));
    s.push_back("notifications");
    s.push_back("audit");
    return s;
  }();
  return all;
}

void check_decoded(std::string_view text) {
  for (const auto& scope : scopes()) {
    const auto c = core::decode_cursor(text, scope);
    if (!c) continue;
    FUZZ_CHECK(c->key.is_null() || c->key.is_int64() || c->key.is_string(), "a cursor key of another kind");
    const auto again_text = core::encode_cursor(scope, *c);
    const auto again = core::decode_cursor(again_text, scope);
    FUZZ_CHECK(again && again->key == c->key && again->id == c->id, "cursor %s does not survive re-encoding",
               fuzz::excerpt(text).c_str());
    for (const auto& other : scopes())
      if (other != scope)
        FUZZ_CHECK(!core::decode_cursor(again_text, other), "a cursor of %s is accepted for %s", scope.c_str(),
                   other.c_str());
  }
}

template <class F>
void expect_bad_request_or_ok(F&& parse, const core::QueryParams& params) {
  try {
    parse(params);
  } catch (const core::ApiError& e) {
    FUZZ_CHECK(e.code() == core::ErrorCode::BadRequest, "refused with code %d: %s", static_cast<int>(e.code()),
               e.what());
    FUZZ_CHECK(*e.what() != '\0', "refused without a message");
    // The message goes into a JSON error body, which must be UTF-8.
    FUZZ_CHECK(core::utf8::is_valid(e.what()), "the message is not UTF-8: %s", fuzz::excerpt(e.what()).c_str());
  }
  // Any other exception escapes and fails the run: it would be a 500.
}

void check_queries(const core::QueryParams& params) {
  expect_bad_request_or_ok(
      [](const core::QueryParams& p) {
        const auto q = core::parse_task_query(p);
        FUZZ_CHECK(q.limit >= 1 && q.limit <= 200, "limit %d", q.limit);
        if (q.after) {
          FUZZ_CHECK(core::is_uuid(q.after->id), "a cursor with id %s reached the query",
                     fuzz::excerpt(q.after->id).c_str());
          const auto scope = core::cursor_scope(q.sort, q.descending);
          const auto again = core::decode_cursor(core::encode_cursor(scope, *q.after), scope);
          FUZZ_CHECK(again && again->key == q.after->key, "the query's cursor does not re-encode");
        }
      },
      params);
  expect_bad_request_or_ok([](const core::QueryParams& p) { (void)services::notification::parse_notification_query(p); },
                           params);
  expect_bad_request_or_ok([](const core::QueryParams& p) { (void)services::audit::parse_audit_query(p); }, params);
}

// The query of a target, as the server builds net::Request::query.
bool query_of(std::string_view text, core::QueryParams& out) {
  const std::string target = "/api/u/tasks?" + std::string(text);
  const auto url = boost::urls::parse_origin_form(target);
  if (!url) return false;
  for (const auto& p : url->params()) {
    if (!core::utf8::is_valid(p.key) || !core::utf8::is_valid(p.value)) return false;
    out.emplace_back(p.key, p.value);
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto input = fuzz::as_text(data, size);
  if (!input.empty() && input.front() == '{') {
    const auto cursor = core::base64url_encode(input);
    check_decoded(cursor);
    for (const char* sort : {"created_at", "updated_at", "due_date", "priority", "title"})
      for (const char* order : {"desc", "asc"})
        check_queries({{"sort", sort}, {"order", order}, {"cursor", cursor}});
    check_queries({{"cursor", cursor}, {"limit", "10"}});
    return 0;
  }
  if (input.find('=') != std::string_view::npos || input.find('&') != std::string_view::npos) {
    core::QueryParams params;
    if (query_of(input, params)) check_queries(params);
    return 0;
  }
  if (const auto raw = core::base64url_decode(input))
    FUZZ_CHECK(core::base64url_encode(*raw) == input, "base64url text %s is not canonical",
               fuzz::excerpt(input).c_str());
  check_decoded(input);
  check_queries({{"cursor", std::string(input)}});
  return 0;
}
