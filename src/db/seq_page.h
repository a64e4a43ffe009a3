#pragma once
// Newest-first lists paged by a bigint `seq` column (audit log,
// notifications): the keyset condition, order and limit, and the cursor of
// the next page.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/page_cursor.h"
#include "db/params.h"
#include "db/result.h"

namespace todo::db {

// Appends " AND seq < $n ORDER BY seq DESC LIMIT $m" (one row more than
// `limit`, to know whether a next page exists). Throws ApiError(BadRequest)
// for a cursor that does not carry a seq.
void append_seq_page(std::string& sql, Params& params, const std::optional<core::PageCursor>& after, int limit);

// The next_cursor value: null on the last page.
boost::json::value next_seq_cursor(const Result& rows, int limit, int seq_column, std::string_view scope);

}  // namespace todo::db
