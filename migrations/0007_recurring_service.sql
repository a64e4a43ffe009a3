-- recurring-service: what it knows about tasks, from task-events only (it
-- never reads todo-api's tables).

-- The reminder schedule: one row per task, the latest state seen.
CREATE TABLE recurring_reminders (
  task_id      uuid PRIMARY KEY,
  user_id      uuid NOT NULL,
  title        text NOT NULL,
  due_date     timestamptz,
  reminder_at  timestamptz,
  timezone     text NOT NULL,
  state        text NOT NULL CHECK (state IN ('pending', 'completed', 'deleted')),
  task_version bigint NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX recurring_reminders_due ON recurring_reminders (reminder_at) WHERE state = 'pending';

-- A reminder fires once per (task, reminder_at): the primary key is the guarantee.
CREATE TABLE recurring_fired_reminders (
  task_id     uuid NOT NULL,
  reminder_at timestamptz NOT NULL,
  fired_at    timestamptz NOT NULL,
  event_id    uuid NOT NULL,
  PRIMARY KEY (task_id, reminder_at)
);

-- Where each task's series starts (RFC 5545 DTSTART), for COUNT and the
-- phase of INTERVAL: the first due date under the current rule and zone.
CREATE TABLE recurring_series (
  task_id  uuid PRIMARY KEY,
  user_id  uuid NOT NULL,
  dtstart  timestamptz NOT NULL,
  rule     text NOT NULL,
  timezone text NOT NULL
);
