-- The admin API's state: versioned routing documents and the audit log. The same SQL runs on H2
-- 2.x and PostgreSQL (15+). Times are epoch milliseconds (UTC); JSON values are stored as text.
-- A routing document (or an audit entry's before/after) can be about 1 MB of JSON: those columns
-- hold up to 8 MiB characters, as VARCHAR like every other JSON column (PostgreSQL allows a
-- VARCHAR up to 10 MiB characters).

-- One row per saved version of the routing document (providers and models); the newest wins.
-- The primary key decides between two admins saving the same next version: one insert fails.
CREATE TABLE routing_versions (
  version BIGINT NOT NULL PRIMARY KEY,
  -- JSON object {"providers": {...}, "models": [...]}.
  document VARCHAR(8388608) NOT NULL,
  -- The admin key's name.
  author VARCHAR(128) NOT NULL,
  created_at BIGINT NOT NULL,
  summary VARCHAR(65536) NOT NULL,
  -- The earlier version this one restored, or NULL.
  rollback_of BIGINT REFERENCES routing_versions (version),
  CONSTRAINT routing_versions_positive CHECK (version > 0)
);

-- Every admin action, appended, never changed.
CREATE TABLE audit_log (
  -- Increasing across all entries (order of insert, not necessarily of commit).
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  -- The admin key's name.
  actor VARCHAR(128) NOT NULL,
  -- e.g. models.update, keys.create, cache.purge.
  action VARCHAR(128) NOT NULL,
  -- An alias, a key id..., or NULL.
  target VARCHAR(1024),
  -- JSON of the state before and after (secrets masked), or NULL.
  before VARCHAR(8388608),
  after VARCHAR(8388608),
  request_id VARCHAR(128)
);
-- Newest first is the primary key read backwards; by action prefix (LIKE 'models.%') and by actor.
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
