package dev.gantry.config;

import java.util.List;
import java.util.Objects;

/**
 * A client key. Exactly one of {@code key} (a secret reference) or {@code sha256} (the hex SHA-256
 * of the key, so the config holds no usable secret) is set.
 *
 * @param models the aliases this key may use; empty means all
 */
public record ApiKey(String name, SecretRef key, String sha256, List<String> models) {
  public ApiKey {
    Objects.requireNonNull(name, "name");
    if ((key == null) == (sha256 == null)) {
      throw new IllegalArgumentException("exactly one of key and sha256 must be set");
    }
    models = List.copyOf(models);
  }

  public boolean allows(String alias) {
    return models.isEmpty() || models.contains(alias);
  }
}
