-- todo-api: sort=due_date puts tasks without a due date last in both
-- directions (ORDER BY (due_date IS NULL), due_date, id); this index serves
-- that order directly instead of sorting all of a user's tasks.
CREATE INDEX tasks_user_due_nulls_last ON tasks (user_id, (due_date IS NULL), due_date, id);
DROP INDEX tasks_user_due;
