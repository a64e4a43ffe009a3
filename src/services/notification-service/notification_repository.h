#pragma once
// notification-service's SQL: the notifications table
// (migrations/0008_notifications.sql).
#include <optional>
#include <string>
#include <vector>

#include "core/event_payloads.h"
#include "db/connection.h"
#include "services/notification-service/notification_query.h"

namespace todo::services::notification {

struct NotificationPage {
  std::vector<core::Notification> items;  // newest first
  long long unread_count = 0;
  std::optional<long long> next_before_seq;
};

class NotificationRepository {
 public:
  explicit NotificationRepository(db::Connection& c) : c_(c) {}
  // One notification per causing event: nullopt when `event_id` already has one.
  std::optional<core::Notification> insert(const core::Notification& n, const std::string& event_id);
  NotificationPage list(const std::string& user_id, const NotificationQuery& query);
  std::optional<core::Notification> mark_read(const std::string& user_id, const std::string& id);
  long long mark_all_read(const std::string& user_id);
  bool remove(const std::string& user_id, const std::string& id);

 private:
  db::Connection& c_;
};

}  // namespace todo::services::notification
