-- Owner: recurring-service. The last task event seen for each task, so that
-- a reminder.due (caused by no request) is correlated with the change that
-- armed it (its correlation_id).
ALTER TABLE recurring_reminders ADD COLUMN last_event_id uuid;

-- Owner: gateway. Sign-in throttling moved to the state store (the
-- StateStore port: the `state` table embedded, Dapr's statestore beside a
-- sidecar), keyed per email with a TTL of the throttling window.
DROP TABLE sign_in_failures;
