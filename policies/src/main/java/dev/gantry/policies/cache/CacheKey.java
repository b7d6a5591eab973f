package dev.gantry.policies.cache;

import java.util.Objects;

/**
 * Where one cached answer lives: the tenant's namespace ({@code key:<name>}, {@code team:<name>}
 * or {@code global}), the model alias asked, and the hash of the canonical request. Entries of
 * one namespace are never visible from another.
 *
 * @param hash lower-case hex SHA-256 of the canonical request
 */
public record CacheKey(String namespace, String alias, String hash) {

  public CacheKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(hash, "hash");
  }
}
