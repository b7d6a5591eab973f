package dev.gantry.sdk.admin;

import java.util.Objects;

/**
 * What to remove from the response cache ({@code DELETE /admin/v1/cache}): everything, a
 * namespace, an alias, or an alias within a namespace; semantic vectors go with their answers.
 *
 * <pre>{@code
 * CachePurge.namespace("team:support");
 * CachePurge.alias("chat");
 * }</pre>
 */
public final class CachePurge {
  private static final CachePurge EVERYTHING = new CachePurge(null, null);

  private final String namespace;
  private final String alias;

  private CachePurge(String namespace, String alias) {
    this.namespace = namespace;
    this.alias = alias;
  }

  /** Every entry. */
  public static CachePurge everything() {
    return EVERYTHING;
  }

  /** The entries of a namespace: {@code key:<name>}, {@code team:<name>} or {@code global}. */
  public static CachePurge namespace(String namespace) {
    return new CachePurge(nonBlank(namespace, "namespace"), null);
  }

  /** The entries of an alias. */
  public static CachePurge alias(String alias) {
    return new CachePurge(null, nonBlank(alias, "alias"));
  }

  /** The entries of an alias within a namespace. */
  public static CachePurge namespaceAndAlias(String namespace, String alias) {
    return new CachePurge(nonBlank(namespace, "namespace"), nonBlank(alias, "alias"));
  }

  String namespaceOrNull() {
    return namespace;
  }

  String aliasOrNull() {
    return alias;
  }

  private static String nonBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  @Override
  public String toString() {
    return "CachePurge[namespace=" + namespace + ", alias=" + alias + "]";
  }
}
