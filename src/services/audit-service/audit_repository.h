#pragma once
// audit-service's SQL: the audit_log table (migrations/0005_audit_log.sql).
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "db/connection.h"
#include "services/audit-service/audit_query.h"

namespace todo::services::audit {

struct AuditEntry {
  std::string id;
  std::string event_id;
  std::string event_type;
  std::optional<std::string> task_id;
  std::string user_id;
  core::Instant occurred_at{};
  core::Instant recorded_at{};
  std::string data;  // the event's data, JSON text
};

struct AuditPage {
  std::vector<AuditEntry> items;  // newest first
  std::optional<long long> next_before_seq;  // the cursor of the next page, when there is one
};

class AuditRepository {
 public:
  explicit AuditRepository(db::Connection& c) : c_(c) {}
  // One entry per event (a second is ignored). Deferred: it travels with the
  // next statement or the COMMIT (db::Connection::exec_deferred).
  void insert(const AuditEntry& entry);
  AuditPage list(const std::string& user_id, const AuditQuery& query);

 private:
  db::Connection& c_;
};

}  // namespace todo::services::audit
