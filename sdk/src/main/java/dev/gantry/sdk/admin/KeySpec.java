package dev.gantry.sdk.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a virtual key is: the body of {@code POST /admin/v1/keys} and, whole, of
 * {@code PUT /admin/v1/keys/{id}} (an update replaces every field: start from
 * {@link VirtualKey#toSpec()} to change one). Build with {@link #builder(String)}; immutable.
 *
 * <pre>{@code
 * KeySpec.builder("support-bot").team("support").addModel("chat")
 *     .limits(Limits.builder().rpm(100).build())
 *     .budget(Budget.perMonth(new BigDecimal("50")))
 *     .metadata("owner", "ann").build();
 * }</pre>
 *
 * @param name unique among keys
 * @param team the team it belongs to (which must exist), or null
 * @param models the aliases it may call; empty means every alias
 * @param limits its own rate limits
 * @param budget its spending cap, or null
 * @param expiresAt when it stops working, or null for never
 * @param metadata free-form labels
 */
public record KeySpec(String name, String team, List<String> models, Limits limits,
    Budget budget, Instant expiresAt, Map<String, String> metadata) {

  /** Checks the name and copies the collections. */
  public KeySpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    models = models == null ? List.of() : List.copyOf(models);
    limits = limits == null ? Limits.none() : limits;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A builder for a key named {@code name}: every alias, no team, limit, budget or expiry. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this spec's fields. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.team = team;
    b.models.addAll(models);
    b.limits = limits;
    b.budget = budget;
    b.expiresAt = expiresAt;
    b.metadata.putAll(metadata);
    return b;
  }

  /** Builds a {@link KeySpec}; fails fast on invalid values. */
  public static final class Builder {
    private String name;
    private String team;
    private final List<String> models = new ArrayList<>();
    private Limits limits = Limits.none();
    private Budget budget;
    private Instant expiresAt;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder(String name) {
      name(name);
    }

    /** The key's name. */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /** The team it belongs to. */
    public Builder team(String team) {
      this.team = Objects.requireNonNull(team, "team");
      return this;
    }

    /** No team. */
    public Builder noTeam() {
      this.team = null;
      return this;
    }

    /** One more alias it may call (none: every alias). */
    public Builder addModel(String alias) {
      models.add(Objects.requireNonNull(alias, "alias"));
      return this;
    }

    /** The aliases it may call, replacing those set before (empty: every alias). */
    public Builder models(List<String> aliases) {
      models.clear();
      aliases.forEach(this::addModel);
      return this;
    }

    /** Its rate limits ({@link Limits#none()} for none). */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Its spending cap. */
    public Builder budget(Budget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /** No spending cap. */
    public Builder noBudget() {
      this.budget = null;
      return this;
    }

    /** When it stops working (creating a key already expired is refused). */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
      return this;
    }

    /** It never expires. */
    public Builder neverExpires() {
      this.expiresAt = null;
      return this;
    }

    /** One metadata label (replacing one of the same name). */
    public Builder metadata(String key, String value) {
      metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The metadata, replacing every label set before. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata.clear();
      metadata.forEach(this::metadata);
      return this;
    }

    /** The spec. */
    public KeySpec build() {
      return new KeySpec(name, team, models, limits, budget, expiresAt, metadata);
    }
  }
}
