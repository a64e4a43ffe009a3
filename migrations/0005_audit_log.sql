-- audit-service: one entry per task event, however often it was delivered
-- (event_id is unique). seq follows consumption order, which is publish
-- order per user, so "newest first" is simply seq descending.
CREATE TABLE audit_log (
  seq         bigserial PRIMARY KEY,
  id          uuid NOT NULL UNIQUE,
  event_id    uuid NOT NULL UNIQUE,
  event_type  text NOT NULL,
  task_id     uuid,
  user_id     uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  data        jsonb NOT NULL
);
CREATE INDEX audit_log_user ON audit_log (user_id, seq DESC);
CREATE INDEX audit_log_user_task ON audit_log (user_id, task_id, seq DESC);
