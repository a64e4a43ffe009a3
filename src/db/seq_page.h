#pragma once
// Newest-first lists paged by a bigint `seq` column (audit log,
// notifications): the keyset condition, order and limit.
#include <optional>
#include <string>

#include "db/params.h"

namespace todo::db {

// Appends " AND seq < $n ORDER BY seq DESC LIMIT $m", asking for one row
// more than `limit` so the caller knows whether a next page exists.
void append_seq_page(std::string& sql, Params& params, std::optional<long long> before_seq, int limit);

}  // namespace todo::db
