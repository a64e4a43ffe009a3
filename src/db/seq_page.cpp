#include "db/seq_page.h"

namespace todo::db {

void append_seq_page(std::string& sql, Params& params, std::optional<long long> before_seq, int limit) {
  if (before_seq) {
    params.add(*before_seq);
    sql += " AND seq < $" + std::to_string(params.size());
  }
  params.add(limit + 1);
  sql += " ORDER BY seq DESC LIMIT $" + std::to_string(params.size());
}

}  // namespace todo::db
