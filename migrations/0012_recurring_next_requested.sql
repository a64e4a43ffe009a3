-- recurring-service asks todo-api for a task's next occurrence once: the
-- first completion asks, a completion after a reopen does not (its
-- computation would differ, and the occurrence exists already). The
-- primary key is the guarantee; the row is written in the transaction that
-- records the request (the intent).
CREATE TABLE recurring_next_requested (
  task_id      uuid PRIMARY KEY,
  requested_at timestamptz NOT NULL,
  event_id     uuid NOT NULL
);
