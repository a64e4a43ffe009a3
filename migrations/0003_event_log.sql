-- Event log (runtime/local): the transactional outbox that is also the log
-- local subscribers read. One row per (topic, event).
--
-- seq comes from a per-topic sequence, so it is allocated at insert time and
-- may become visible out of order (a later seq can commit first). Readers
-- therefore never skip a gap until every transaction that could still fill
-- it has ended (see runtime/local/event_dispatcher). The trigger makes sure
-- the inserting transaction has its xid *before* it draws its seq; the gap
-- rule relies on that ordering.
CREATE TABLE event_log (
  topic         text NOT NULL,
  seq           bigint NOT NULL,
  id            uuid NOT NULL,
  event_type    text NOT NULL,
  partition_key text NOT NULL,
  payload       text NOT NULL,             -- the CloudEvent JSON document
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz,               -- set by the Dapr relay
  PRIMARY KEY (topic, seq)
);
CREATE UNIQUE INDEX event_log_topic_id ON event_log (topic, id);
CREATE INDEX event_log_unpublished ON event_log (topic, seq) WHERE published_at IS NULL;

CREATE TABLE event_topics (
  topic text PRIMARY KEY
);
CREATE SEQUENCE event_seq_task_events;
CREATE SEQUENCE event_seq_task_updates;
CREATE SEQUENCE event_seq_reminders;
INSERT INTO event_topics VALUES ('task-events'), ('task-updates'), ('reminders');

CREATE FUNCTION event_log_assign_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_current_xact_id();  -- take an xid before drawing the seq
  NEW.seq := nextval(('event_seq_' || translate(NEW.topic, '-.', '__'))::regclass);
  RETURN NEW;
END $$;
CREATE TRIGGER event_log_seq BEFORE INSERT ON event_log
  FOR EACH ROW EXECUTE FUNCTION event_log_assign_seq();

-- Each subscriber's position: every seq <= cursor_seq is done.
CREATE TABLE event_subscriptions (
  subscriber text NOT NULL,
  topic      text NOT NULL,
  cursor_seq bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subscriber, topic)
);

-- Attempts of events that failed and wait for a retry; survives restarts so
-- the attempt bound holds across crashes.
CREATE TABLE event_delivery_failures (
  subscriber      text NOT NULL,
  topic           text NOT NULL,
  seq             bigint NOT NULL,
  attempts        integer NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  last_error      text NOT NULL DEFAULT '',
  PRIMARY KEY (subscriber, topic, seq)
);

-- Events a subscriber gave up on. status: dead -> replay (requested) -> replayed.
CREATE TABLE event_dead_letters (
  id            bigserial PRIMARY KEY,
  subscriber    text NOT NULL,
  topic         text NOT NULL,
  seq           bigint NOT NULL,
  event_id      uuid NOT NULL,
  event_type    text NOT NULL,
  partition_key text NOT NULL,
  payload       text NOT NULL,
  attempts      integer NOT NULL,
  last_error    text NOT NULL DEFAULT '',
  status        text NOT NULL DEFAULT 'dead' CHECK (status IN ('dead', 'replay', 'replayed')),
  dead_at       timestamptz NOT NULL,
  replayed_at   timestamptz,
  UNIQUE (subscriber, topic, seq)
);

-- Idempotent consumers: an event id recorded in the same transaction as the
-- effect it caused.
CREATE TABLE processed_events (
  consumer     text NOT NULL,
  event_id     uuid NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_events_age ON processed_events (processed_at);
