package dev.gantry.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Usage to add to one day's totals of (key, team, alias, deployment); an empty string where there
 * is no key or team.
 *
 * @param day the UTC day the requests were made
 * @param keyId {@link StoredKey#id()}, or {@code ""}
 * @param cachedTokens input tokens served from the provider's prompt cache
 * @param costUsd what the requests cost
 */
public record UsageRow(LocalDate day, String keyId, String team, String alias, String deployment,
    long requests, long inputTokens, long outputTokens, long cachedTokens, BigDecimal costUsd) {

  public UsageRow {
    Objects.requireNonNull(day, "day");
    keyId = keyId == null ? "" : keyId;
    team = team == null ? "" : team;
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(deployment, "deployment");
    costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    if (requests < 0 || inputTokens < 0 || outputTokens < 0 || cachedTokens < 0
        || costUsd.signum() < 0) {
      throw StoreException.invalid("usage counts and cost must not be negative");
    }
  }
}
