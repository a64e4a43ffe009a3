#include "services/notification-service/notification_repository.h"

#include "db/seq_page.h"

namespace todo::services::notification {
namespace {

// The columns of from_row, in order.
constexpr const char* kColumns = "id, user_id, task_id, type, message, read, created_at, seq";
constexpr int kSeqColumn = 7;

core::Notification from_row(const db::Row& r) {
  return core::Notification{r.str(0), r.str(1), r.opt_str(2), r.str(3), r.str(4), r.boolean(5), r.instant(6)};
}

}  // namespace

std::optional<core::Notification> NotificationRepository::insert(const core::Notification& n,
                                                                 const std::string& event_id) {
  const auto res = c_.exec(
      std::string("INSERT INTO notifications (id, user_id, task_id, type, message, read, created_at, event_id)"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING RETURNING ") +
          kColumns,
      db::Params(n.id, n.user_id, n.task_id, n.type, n.message, n.read, n.created_at, event_id));
  if (res.empty()) return std::nullopt;
  return from_row(res.front());
}

NotificationPage NotificationRepository::list(const std::string& user_id, const NotificationQuery& q) {
  db::Params p(user_id, q.unread_only);
  std::string sql =
      std::string("SELECT ") + kColumns + " FROM notifications WHERE user_id = $1 AND (NOT $2 OR NOT read)";
  db::append_seq_page(sql, p, q.before_seq, q.limit);
  const auto res = c_.exec(sql, p);
  NotificationPage page;
  const int n = std::min(res.size(), q.limit);
  for (int i = 0; i < n; ++i) page.items.push_back(from_row(res[i]));
  if (res.size() > q.limit) page.next_before_seq = res[q.limit - 1].int64(kSeqColumn);
  page.unread_count =
      c_.exec("SELECT count(*) FROM notifications WHERE user_id = $1 AND NOT read", db::Params(user_id)).front().int64(0);
  return page;
}

std::optional<core::Notification> NotificationRepository::mark_read(const std::string& user_id, const std::string& id) {
  const auto res =
      c_.exec(std::string("UPDATE notifications SET read = true WHERE id = $1 AND user_id = $2 RETURNING ") + kColumns,
              db::Params(id, user_id));
  if (res.empty()) return std::nullopt;
  return from_row(res.front());
}

long long NotificationRepository::mark_all_read(const std::string& user_id) {
  return c_.exec("UPDATE notifications SET read = true WHERE user_id = $1 AND NOT read", db::Params(user_id))
      .affected();
}

bool NotificationRepository::remove(const std::string& user_id, const std::string& id) {
  return c_.exec("DELETE FROM notifications WHERE id = $1 AND user_id = $2", db::Params(id, user_id)).affected() > 0;
}

}  // namespace todo::services::notification
