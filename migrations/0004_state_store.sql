-- State store (runtime/local/pg_state_store): the exact table of Dapr's
-- `state.postgresql` component, version v1, default `tableName: state`.
--
-- Why v1's layout, column for column: a service moved to the Dapr runtime
-- keeps its state by pointing a v1 component at this database, with no copy
-- job (v1 and v2 data are incompatible and Dapr has no converter). So the
-- names, types and meanings below are Dapr's, not ours:
--   key        `<keyPrefix>||<key>`, keyPrefix defaulting to the app id
--   value      the JSON document; isbinary=true would mean a base64 JSON
--              string holding raw bytes (only Dapr writes those)
--   expiredate TTL (Dapr's ttlInSeconds); an expired row reads as absent
-- The ETag is the row's system column xmin; there is no etag column.
--
-- Beside Dapr the gateway's sidecar may create this table first (its
-- component migrates at start-up, perhaps before any service did): hence
-- IF NOT EXISTS, and the column Dapr's second migration adds.
CREATE TABLE IF NOT EXISTS state (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  isbinary   boolean NOT NULL,
  insertdate timestamptz NOT NULL DEFAULT now(),
  updatedate timestamptz NULL,
  expiredate timestamptz NULL
);
ALTER TABLE state ADD COLUMN IF NOT EXISTS expiredate timestamptz NULL;

-- Dapr's v1 component creates `state` in its first migration and adds
-- expiredate in its second (a plain ALTER TABLE ... ADD, which fails when the
-- column already exists), recording the level in the row `migrations` of its
-- metadata table (default `dapr_metadata`). Record level 2 here so a sidecar
-- started on this database finds its schema current instead of failing to
-- initialise the component. Same shape and IF NOT EXISTS as Dapr's own DDL.
CREATE TABLE IF NOT EXISTS dapr_metadata (
  key   text NOT NULL PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO dapr_metadata (key, value) VALUES ('migrations', '2') ON CONFLICT (key) DO NOTHING;
