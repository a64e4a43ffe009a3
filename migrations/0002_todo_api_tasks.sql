-- todo-api: tasks. user_id is not a foreign key: users belong to the gateway
-- and services never reach into each other's tables.
CREATE TABLE tasks (
  id             uuid PRIMARY KEY,
  user_id        uuid NOT NULL,
  title          text NOT NULL,
  title_key      text GENERATED ALWAYS AS (lower(title)) STORED,  -- case-insensitive sort
  description    text NOT NULL DEFAULT '',
  priority       smallint NOT NULL CHECK (priority BETWEEN 1 AND 3),  -- 1 low, 2 medium, 3 high
  tags           text[] NOT NULL DEFAULT '{}',
  completed      boolean NOT NULL DEFAULT false,
  due_date       timestamptz,
  reminder_at    timestamptz,
  reminder_sent  boolean NOT NULL DEFAULT false,
  recurrence     text,
  recurrence_end timestamptz,
  timezone       text NOT NULL DEFAULT 'UTC',
  parent_task_id uuid,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  completed_at   timestamptz,
  version        bigint NOT NULL DEFAULT 1
);
CREATE INDEX tasks_user_created ON tasks (user_id, created_at, id);
CREATE INDEX tasks_user_updated ON tasks (user_id, updated_at, id);
CREATE INDEX tasks_user_due ON tasks (user_id, due_date, id);
CREATE INDEX tasks_tags ON tasks USING gin (tags);
-- A completed recurring task has at most one next occurrence, ever.
CREATE UNIQUE INDEX tasks_one_next_occurrence ON tasks (parent_task_id) WHERE parent_task_id IS NOT NULL;

-- todo-api: Idempotency-Key on create. The first response is kept and
-- replayed to retries with the same key and the same body.
CREATE TABLE task_idempotency_keys (
  user_id      uuid NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status       integer NOT NULL,
  response     text NOT NULL,
  task_id      uuid NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX task_idempotency_keys_created ON task_idempotency_keys (created_at);
