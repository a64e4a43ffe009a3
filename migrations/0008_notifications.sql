-- notification-service: one notification per reminder.due event.
CREATE TABLE notifications (
  id         uuid PRIMARY KEY,
  user_id    uuid NOT NULL,
  task_id    uuid,
  type       text NOT NULL,
  message    text NOT NULL,
  read       boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  seq        bigserial NOT NULL UNIQUE,  -- newest first, stable under equal timestamps
  event_id   uuid NOT NULL UNIQUE        -- the event that caused it
);
CREATE INDEX notifications_user ON notifications (user_id, seq DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE NOT read;
