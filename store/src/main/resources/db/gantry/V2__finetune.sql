-- Fine-tuning: uploaded files' metadata, jobs, their events and checkpoints. The same SQL runs on
-- H2 2.x and PostgreSQL (15+). Times here are epoch seconds, as the OpenAI objects carry them,
-- except a job's lease_until (epoch milliseconds). JSON values are stored as text.

-- An owner ("team") is a team name or "key:<key name>" for a key without a team.
CREATE TABLE ft_files (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  team VARCHAR(160) NOT NULL,
  filename VARCHAR(1024) NOT NULL,
  purpose VARCHAR(32) NOT NULL,
  bytes BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  -- Lower-case hex SHA-256 of the bytes (in the file storage, under id).
  sha256 VARCHAR(64)
);
-- A team's files, newest first.
CREATE INDEX ft_files_team ON ft_files (team, created_at, id);

CREATE TABLE ft_jobs (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  team VARCHAR(160) NOT NULL,
  -- The create request's Idempotency-Key; NULLs never clash.
  idempotency_key VARCHAR(256),
  model VARCHAR(256) NOT NULL,
  -- JSON object: the create request as the job object echoes it.
  request VARCHAR(65536) NOT NULL,
  -- The OpenAI wire name (validating_files, queued, running, succeeded, failed, cancelled).
  status VARCHAR(16) NOT NULL,
  provider_job_id VARCHAR(1024),
  fine_tuned_model VARCHAR(512),
  trained_tokens BIGINT,
  -- JSON object {code, message, param}, once failed.
  error VARCHAR(65536),
  created_at BIGINT NOT NULL,
  finished_at BIGINT,
  estimated_finish BIGINT,
  -- The gateway driving the job, until lease_until (epoch milliseconds); not part of version.
  lease_owner VARCHAR(256),
  lease_until BIGINT,
  version BIGINT NOT NULL,
  CONSTRAINT ft_jobs_idempotency UNIQUE (team, idempotency_key)
);
-- A team's jobs, newest first; counting them by status.
CREATE INDEX ft_jobs_team ON ft_jobs (team, created_at, id);
CREATE INDEX ft_jobs_team_status ON ft_jobs (team, status);
-- The driver's candidates (non-terminal, oldest first) and the succeeded jobs.
CREATE INDEX ft_jobs_status ON ft_jobs (status, created_at, id);

CREATE TABLE ft_job_events (
  -- Increasing across all jobs; the event id is ftevent-<seq>.
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id VARCHAR(64) NOT NULL REFERENCES ft_jobs (id),
  created_at BIGINT NOT NULL,
  level VARCHAR(8) NOT NULL,
  message VARCHAR(65536) NOT NULL,
  type VARCHAR(16) NOT NULL,
  -- JSON object, or NULL.
  data VARCHAR(65536)
);
CREATE INDEX ft_job_events_job ON ft_job_events (job_id, seq);

CREATE TABLE ft_checkpoints (
  job_id VARCHAR(64) NOT NULL REFERENCES ft_jobs (id),
  step BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  model VARCHAR(512) NOT NULL,
  -- JSON object {step, train_loss, valid_loss, ...}.
  metrics VARCHAR(65536),
  CONSTRAINT ft_checkpoints_pk PRIMARY KEY (job_id, step)
);
