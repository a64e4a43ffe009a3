-- todo-api: projects (DESIGN §3.8), the lists a user files tasks in. A
-- task of no project is in the inbox. Counts of tasks are not stored: they
-- are counted from tasks when a project is read.
CREATE TABLE projects (
  id         uuid PRIMARY KEY,
  user_id    uuid NOT NULL,
  name       text NOT NULL,
  color      text NOT NULL,
  position   integer NOT NULL CHECK (position >= 0),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version    bigint NOT NULL DEFAULT 1,
  -- Positions are 0..n-1 per user. Deferred, because moving a project
  -- shifts its neighbours by one in a single UPDATE, which passes through
  -- duplicates until the statement ends.
  CONSTRAINT projects_user_position UNIQUE (user_id, position) DEFERRABLE INITIALLY DEFERRED
);
-- Names are unique per user, case-insensitively.
CREATE UNIQUE INDEX projects_user_name ON projects (user_id, lower(name));

-- A task's project: deleting a project moves its live tasks to the inbox
-- (with events) first; ON DELETE SET NULL takes the trashed ones along, so a
-- task restored after its project is gone comes back to the inbox.
ALTER TABLE tasks ADD COLUMN project_id uuid REFERENCES projects (id) ON DELETE SET NULL;
CREATE INDEX tasks_project ON tasks (project_id) WHERE project_id IS NOT NULL;

-- The trash: a deleted task keeps its row, with deleted_at, for 30 days; the
-- hourly housekeeping then deletes it for good.
ALTER TABLE tasks ADD COLUMN deleted_at timestamptz;
CREATE INDEX tasks_trashed ON tasks (deleted_at) WHERE deleted_at IS NOT NULL;
