package dev.gantry.config;

import java.util.List;
import java.util.Objects;

/**
 * A client key. Exactly one of {@code key} (a secret reference) or {@code sha256} (the hex SHA-256
 * of the key, so the config holds no usable secret) is set.
 *
 * @param models the aliases this key may use; empty means all
 * @param admin whether the key may use the admin API ({@code /admin/v1/...})
 * @param team the team whose limits it also counts against, or null
 * @param limits its own limits
 */
public record ApiKey(String name, SecretRef key, String sha256, List<String> models,
    boolean admin, String team, Limits limits) {
  public ApiKey {
    Objects.requireNonNull(name, "name");
    if ((key == null) == (sha256 == null)) {
      throw new IllegalArgumentException("exactly one of key and sha256 must be set");
    }
    models = List.copyOf(models);
    limits = limits == null ? Limits.NONE : limits;
  }

  /** A key without team or limits. */
  public ApiKey(String name, SecretRef key, String sha256, List<String> models, boolean admin) {
    this(name, key, sha256, models, admin, null, null);
  }

  /** A key that is not an admin key. */
  public ApiKey(String name, SecretRef key, String sha256, List<String> models) {
    this(name, key, sha256, models, false, null, null);
  }

  public boolean allows(String alias) {
    if (models.isEmpty() || models.contains(alias)) {
      return true;
    }
    // A fine-tuned model, ft:<alias>:<team>:<suffix>:<id>, goes with the alias it was tuned from.
    for (String model : models) {
      String prefix = "ft:" + model + ":";
      if (alias.startsWith(prefix)
          && alias.substring(prefix.length()).split(":", -1).length == 3) {
        return true;
      }
    }
    return false;
  }
}
