#pragma once
// Opaque keyset-pagination cursors shared by every list route. A cursor holds
// the sort key of the last row of the previous page and its id as tie-breaker,
// and is bound to a scope (e.g. the list's sort and order) so that a cursor
// reused with other parameters is rejected rather than silently wrong.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/query_params.h"

namespace todo::core {

struct PageCursor {
  boost::json::value key;  // null, integer or string
  std::string id;
};

std::string encode_cursor(std::string_view scope, const PageCursor& c);
std::optional<PageCursor> decode_cursor(std::string_view text, std::string_view scope);

// The `cursor` parameter decoded for `scope`, or nullopt when absent. Throws
// ApiError(BadRequest) naming the parameter when it is not a valid cursor.
std::optional<PageCursor> cursor_param(const QueryParams& params, std::string_view scope);

// Newest-first lists keyed by a bigint sequence (audit log, notifications):
// the `cursor` parameter as "rows with seq below this", and the cursor of
// the page after the row with `last_seq`.
std::optional<long long> seq_cursor_param(const QueryParams& params, std::string_view scope);
std::string encode_seq_cursor(std::string_view scope, long long last_seq);

// `limit` in [1, max], default `def`; throws ApiError(BadRequest) otherwise.
int limit_param(const QueryParams& params, int def, int max);

// Throws ApiError(BadRequest) for a parameter not in `known` or repeated when
// not `repeatable`.
void check_params(const QueryParams& params, std::initializer_list<std::string_view> known,
                  std::initializer_list<std::string_view> repeatable = {});

// The value of a single-valued parameter.
const std::string* find_param(const QueryParams& params, std::string_view name);

}  // namespace todo::core
