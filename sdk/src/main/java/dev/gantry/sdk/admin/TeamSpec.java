package dev.gantry.sdk.admin;

import java.util.Map;
import java.util.Objects;

/**
 * What a team is: the body of {@code POST /admin/v1/teams} and, whole, of
 * {@code PUT /admin/v1/teams/{name}} (an update replaces limits, budget and metadata: start from
 * {@link Team#toSpec()} to change one). Immutable.
 *
 * <pre>{@code
 * TeamSpec.named("support").withLimits(Limits.builder().tpm(200_000).build())
 *     .withBudget(Budget.perMonth(new BigDecimal("500")));
 * }</pre>
 *
 * @param name unique, how keys name the team
 * @param limits the limits its keys share
 * @param budget the spending cap of all its keys together, or null
 * @param metadata free-form labels
 */
public record TeamSpec(String name, Limits limits, Budget budget, Map<String, String> metadata) {

  /** Checks the name and copies the metadata. */
  public TeamSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    limits = limits == null ? Limits.none() : limits;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A team with only a name: no limits, budget or metadata. */
  public static TeamSpec named(String name) {
    return new TeamSpec(name, Limits.none(), null, Map.of());
  }

  /** This spec with these limits. */
  public TeamSpec withLimits(Limits limits) {
    return new TeamSpec(name, Objects.requireNonNull(limits, "limits"), budget, metadata);
  }

  /** This spec with this budget. */
  public TeamSpec withBudget(Budget budget) {
    return new TeamSpec(name, limits, Objects.requireNonNull(budget, "budget"), metadata);
  }

  /** This spec without a budget. */
  public TeamSpec withoutBudget() {
    return new TeamSpec(name, limits, null, metadata);
  }

  /** This spec with these labels, replacing the others. */
  public TeamSpec withMetadata(Map<String, String> metadata) {
    return new TeamSpec(name, limits, budget, Objects.requireNonNull(metadata, "metadata"));
  }
}
