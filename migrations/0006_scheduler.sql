-- runtime/local scheduler: named one-shot jobs (Dapr Jobs API semantics).
-- version changes on every (re)schedule, so a delivery that took version n
-- never deletes or retries a job that was moved meanwhile.
CREATE TABLE scheduled_jobs (
  name         text PRIMARY KEY,
  due_at       timestamptz NOT NULL,
  data         text NOT NULL,
  version      bigint NOT NULL DEFAULT 1,
  attempts     integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scheduled_jobs_due ON scheduled_jobs (due_at);
