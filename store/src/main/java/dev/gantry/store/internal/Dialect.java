package dev.gantry.store.internal;

/** The one statement whose SQL differs by database: adding a batch of usage to its totals. */
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
      + " s.cost_usd)"),
  /** {@code ON CONFLICT DO UPDATE}: atomic against concurrent writers. */
  POSTGRES("INSERT INTO usage_daily (usage_day, key_id, team, alias, deployment, requests,"
      + " input_tokens, output_tokens, cached_tokens, cost_usd)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (usage_day, key_id, team, alias, deployment) DO UPDATE SET"
      + " requests = usage_daily.requests + EXCLUDED.requests,"
      + " input_tokens = usage_daily.input_tokens + EXCLUDED.input_tokens,"
      + " output_tokens = usage_daily.output_tokens + EXCLUDED.output_tokens,"
      + " cached_tokens = usage_daily.cached_tokens + EXCLUDED.cached_tokens,"
      + " cost_usd = usage_daily.cost_usd + EXCLUDED.cost_usd");

  private final String addUsage;

  Dialect(String addUsage) {
    this.addUsage = addUsage;
  }

  /** Ten parameters: day, key id, team, alias, deployment, the four counts, cost. */
  String addUsage() {
    return addUsage;
  }
}
