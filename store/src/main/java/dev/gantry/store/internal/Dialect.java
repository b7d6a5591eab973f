package dev.gantry.store.internal;

/**
 * The statements whose SQL differs by database, the upserts: adding a batch of usage to its
 * totals, and putting a fine-tuning job's checkpoints.
 */
enum Dialect {
  /** Standard {@code MERGE}; a concurrent insert of the same new row fails and is retried. */
  H2("MERGE INTO usage_daily u USING (VALUES (CAST(? AS DATE), CAST(? AS VARCHAR(36)),"
      + " CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(256)), CAST(? AS VARCHAR(256)),"
      + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),"
      + " CAST(? AS NUMERIC(24, 9))))"
      + " AS s(usage_day, key_id, team, alias, deployment, requests, input_tokens, output_tokens,"
      + " cached_tokens, cost_usd)"
      + " ON u.usage_day = s.usage_day AND u.key_id = s.key_id AND u.team = s.team AND u.alias = s.alias"
      + " AND u.deployment = s.deployment"
      + " WHEN MATCHED THEN UPDATE SET requests = u.requests + s.requests,"
      + " input_tokens = u.input_tokens + s.input_tokens,"
      + " output_tokens = u.output_tokens + s.output_tokens,"
      + " cached_tokens = u.cached_tokens + s.cached_tokens, cost_usd = u.cost_usd + s.cost_usd"
      + " WHEN NOT MATCHED THEN INSERT (usage_day, key_id, team, alias, deployment, requests,"
      + " input_tokens, output_tokens, cached_tokens, cost_usd) VALUES (s.usage_day, s.key_id, s.team,"
      + " s.alias, s.deployment, s.requests, s.input_tokens, s.output_tokens, s.cached_tokens,"
      + " s.cost_usd)",
      "MERGE INTO ft_checkpoints c USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS BIGINT),"
      + " CAST(? AS BIGINT), CAST(? AS VARCHAR(512)), CAST(? AS VARCHAR(65536))))"
      + " AS s(job_id, step, created_at, model, metrics)"
      + " ON c.job_id = s.job_id AND c.step = s.step"
      + " WHEN MATCHED THEN UPDATE SET created_at = s.created_at, model = s.model,"
      + " metrics = s.metrics"
      + " WHEN NOT MATCHED THEN INSERT (job_id, step, created_at, model, metrics)"
      + " VALUES (s.job_id, s.step, s.created_at, s.model, s.metrics)"),
  /** {@code ON CONFLICT DO UPDATE}: atomic against concurrent writers. */
  POSTGRES("INSERT INTO usage_daily (usage_day, key_id, team, alias, deployment, requests,"
      + " input_tokens, output_tokens, cached_tokens, cost_usd)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (usage_day, key_id, team, alias, deployment) DO UPDATE SET"
      + " requests = usage_daily.requests + EXCLUDED.requests,"
      + " input_tokens = usage_daily.input_tokens + EXCLUDED.input_tokens,"
      + " output_tokens = usage_daily.output_tokens + EXCLUDED.output_tokens,"
      + " cached_tokens = usage_daily.cached_tokens + EXCLUDED.cached_tokens,"
      + " cost_usd = usage_daily.cost_usd + EXCLUDED.cost_usd",
      // Not MERGE: PostgreSQL 15 and 16 refuse the RETURNING the driver appends to a batch.
      "INSERT INTO ft_checkpoints (job_id, step, created_at, model, metrics)"
      + " VALUES (?, ?, ?, ?, ?)"
      + " ON CONFLICT (job_id, step) DO UPDATE SET created_at = EXCLUDED.created_at,"
      + " model = EXCLUDED.model, metrics = EXCLUDED.metrics");

  private final String addUsage;
  private final String putCheckpoint;

  Dialect(String addUsage, String putCheckpoint) {
    this.addUsage = addUsage;
    this.putCheckpoint = putCheckpoint;
  }

  /** Ten parameters: day, key id, team, alias, deployment, the four counts, cost. */
  String addUsage() {
    return addUsage;
  }

  /** Five parameters: job id, step, created_at, model, metrics. */
  String putCheckpoint() {
    return putCheckpoint;
  }
}
