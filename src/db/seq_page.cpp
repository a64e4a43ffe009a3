#include "db/seq_page.h"

#include "core/error.h"

namespace todo::db {

void append_seq_page(std::string& sql, Params& params, const std::optional<core::PageCursor>& after, int limit) {
  if (after) {
    if (!after->key.is_int64()) throw core::bad_request("cursor is not a cursor issued for this list");
    params.add(after->key.as_int64());
    sql += " AND seq < $" + std::to_string(params.size());
  }
  params.add(limit + 1);
  sql += " ORDER BY seq DESC LIMIT $" + std::to_string(params.size());
}

boost::json::value next_seq_cursor(const Result& rows, int limit, int seq_column, std::string_view scope) {
  if (rows.size() <= limit) return nullptr;
  return boost::json::value(core::encode_cursor(scope, core::PageCursor{rows[limit - 1].int64(seq_column), ""}));
}

}  // namespace todo::db
