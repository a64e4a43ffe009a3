-- Owner: runtime/eventlog (the outbox shared by every runtime).
--
-- Each outbox row records the app id that wrote it. Beside a Dapr sidecar
-- every service relays only its own rows to the broker (one relay per app
-- id), so producers sharing a topic (todo-api and notification-service on
-- task-updates) never publish each other's events.
ALTER TABLE event_log ADD COLUMN producer text NOT NULL DEFAULT '';
UPDATE event_log SET producer = coalesce(payload::jsonb ->> 'source', '');

-- The relay keeps its position in event_subscriptions like any reader, so a
-- per-row "published" mark (and its index, paid on every insert) is not needed.
DROP INDEX event_log_unpublished;
ALTER TABLE event_log DROP COLUMN published_at;

-- Intents: what a transaction must cause outside the database besides events
-- (a call to another service, a Dapr Jobs API request) is written to the
-- outbox as an intent in the same transaction and carried out after commit.
CREATE SEQUENCE event_seq_intents;
INSERT INTO event_topics VALUES ('intents');

-- Dead letters that arrive from a Dapr dead-letter topic have no position in
-- the local log; an event is dead-lettered at most once per subscriber.
ALTER TABLE event_dead_letters ALTER COLUMN seq DROP NOT NULL;
CREATE UNIQUE INDEX event_dead_letters_event ON event_dead_letters (subscriber, topic, event_id);
