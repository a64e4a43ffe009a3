#include "services/audit-service/audit_repository.h"

#include "db/seq_page.h"

namespace todo::services::audit {

void AuditRepository::insert(const AuditEntry& e) {
  c_.exec_deferred("INSERT INTO audit_log (id, event_id, event_type, task_id, user_id, occurred_at, recorded_at, data)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING",
                   db::Params(e.id, e.event_id, e.event_type, e.task_id, e.user_id, e.occurred_at, e.recorded_at, e.data));
}

AuditPage AuditRepository::list(const std::string& user_id, const AuditQuery& q) {
  db::Params p(user_id);
  std::string sql =
      "SELECT seq, id, event_id, event_type, task_id, user_id, occurred_at, recorded_at, data FROM audit_log"
      " WHERE user_id = $1";
  if (q.task_id) {
    p.add(*q.task_id);
    sql += " AND task_id = $" + std::to_string(p.size());
  }
  if (q.event_type) {
    p.add(*q.event_type);
    sql += " AND event_type = $" + std::to_string(p.size());
  }
  db::append_seq_page(sql, p, q.before_seq, q.limit);
  const auto res = c_.exec(sql, p);
  AuditPage page;
  const int n = std::min(res.size(), q.limit);
  page.items.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto r = res[i];
    page.items.push_back(AuditEntry{r.str(1), r.str(2), r.str(3), r.opt_str(4), r.str(5), r.instant(6), r.instant(7),
                                    r.str(8)});
  }
  if (res.size() > q.limit) page.next_before_seq = res[q.limit - 1].int64(0);
  return page;
}

}  // namespace todo::services::audit
