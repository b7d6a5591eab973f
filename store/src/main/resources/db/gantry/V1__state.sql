-- Gantry state: virtual keys, teams and daily usage. The same SQL runs on H2 2.x and PostgreSQL
-- (15+): standard types only. Times are epoch milliseconds (UTC); money is NUMERIC in USD.

-- One counter for every change to keys and teams. A writer increments it in the transaction that
-- makes the change, so the row lock orders commits: gateways polling "version > n" miss nothing.
CREATE TABLE state_clock (
  id INTEGER NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL
);
INSERT INTO state_clock (id, version) VALUES (1, 0);

CREATE TABLE teams (
  name VARCHAR(128) NOT NULL PRIMARY KEY,
  limit_rpm BIGINT,
  limit_tpm BIGINT,
  limit_input_tpm BIGINT,
  limit_output_tpm BIGINT,
  limit_concurrent BIGINT,
  limit_tokens_per_day BIGINT,
  budget_usd NUMERIC(18, 6),
  budget_period VARCHAR(5),
  budget_hard BOOLEAN,
  metadata VARCHAR(65536) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  CONSTRAINT teams_budget CHECK ((budget_usd IS NULL AND budget_period IS NULL
      AND budget_hard IS NULL) OR (budget_usd > 0 AND budget_period IN ('day', 'month')
      AND budget_hard IS NOT NULL))
);
CREATE INDEX teams_version ON teams (version);

CREATE TABLE virtual_keys (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  -- SHA-256 (lower-case hex) of the key; the key itself is never stored.
  key_hash CHAR(64) NOT NULL,
  -- The key's first 8 characters, to tell keys apart in listings.
  key_prefix VARCHAR(8) NOT NULL,
  team VARCHAR(128) REFERENCES teams (name),
  -- JSON array of allowed aliases; [] allows every alias.
  models VARCHAR(65536) NOT NULL,
  limit_rpm BIGINT,
  limit_tpm BIGINT,
  limit_input_tpm BIGINT,
  limit_output_tpm BIGINT,
  limit_concurrent BIGINT,
  limit_tokens_per_day BIGINT,
  budget_usd NUMERIC(18, 6),
  budget_period VARCHAR(5),
  budget_hard BOOLEAN,
  expires_at BIGINT,
  revoked_at BIGINT,
  -- JSON object of string values.
  metadata VARCHAR(65536) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  CONSTRAINT virtual_keys_name UNIQUE (name),
  CONSTRAINT virtual_keys_hash UNIQUE (key_hash),
  CONSTRAINT virtual_keys_budget CHECK ((budget_usd IS NULL AND budget_period IS NULL
      AND budget_hard IS NULL) OR (budget_usd > 0 AND budget_period IN ('day', 'month')
      AND budget_hard IS NOT NULL))
);
CREATE INDEX virtual_keys_version ON virtual_keys (version);
CREATE INDEX virtual_keys_team ON virtual_keys (team);

-- Usage summed per day (UTC) and (key, team, alias, deployment); '' where there is none (a
-- request without a key or team). Writers add to a row, never replace it.
CREATE TABLE usage_daily (
  usage_day DATE NOT NULL,
  key_id VARCHAR(36) NOT NULL,
  team VARCHAR(128) NOT NULL,
  alias VARCHAR(256) NOT NULL,
  deployment VARCHAR(256) NOT NULL,
  requests BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cached_tokens BIGINT NOT NULL,
  cost_usd NUMERIC(24, 9) NOT NULL,
  CONSTRAINT usage_daily_pk PRIMARY KEY (usage_day, key_id, team, alias, deployment)
);
CREATE INDEX usage_daily_key ON usage_daily (key_id, usage_day);
CREATE INDEX usage_daily_team ON usage_daily (team, usage_day);
