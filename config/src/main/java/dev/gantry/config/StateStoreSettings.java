package dev.gantry.config;

import java.util.Objects;

/**
 * Where keys, teams and usage are kept (config {@code state_store}): an embedded H2 database file
 * (the single-node default) or PostgreSQL, shared by every gateway of a cluster.
 *
 * @param path {@link Kind#EMBEDDED}: the database file without its {@code .mv.db} suffix; else null
 * @param url {@link Kind#POSTGRES}: a {@code jdbc:postgresql://host:port/database} URL; else null
 * @param user {@link Kind#POSTGRES}: the database user, or null for the driver's default
 * @param password {@link Kind#POSTGRES}: the user's password, or null (trust or peer auth)
 * @param poolSize the most connections the gateway opens to the database
 */
public record StateStoreSettings(Kind kind, String path, String url, String user,
    SecretRef password, int poolSize) {

  /** The file used unless configured: {@code ./gantry-state.mv.db}. */
  public static final String DEFAULT_PATH = "./gantry-state";

  /** Connections unless configured. */
  public static final int DEFAULT_POOL_SIZE = 4;

  public static final StateStoreSettings EMBEDDED = embedded(DEFAULT_PATH);

  /** The backends. */
  public enum Kind { EMBEDDED, POSTGRES }

  public StateStoreSettings {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.EMBEDDED) != (path != null)) {
      throw new IllegalArgumentException("an embedded store, and only it, has a path");
    }
    if ((kind == Kind.POSTGRES) != (url != null)) {
      throw new IllegalArgumentException("a PostgreSQL store, and only it, has a URL");
    }
    if (kind == Kind.EMBEDDED && (user != null || password != null)) {
      throw new IllegalArgumentException("an embedded store has no user or password");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1");
    }
  }

  /** An embedded H2 file at {@code path}. */
  public static StateStoreSettings embedded(String path) {
    return new StateStoreSettings(Kind.EMBEDDED, path, null, null, null, DEFAULT_POOL_SIZE);
  }

  /** PostgreSQL at {@code url}. */
  public static StateStoreSettings postgres(String url, String user, SecretRef password) {
    return new StateStoreSettings(Kind.POSTGRES, null, url, user, password, DEFAULT_POOL_SIZE);
  }
}
