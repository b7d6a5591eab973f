package dev.gantry.config;

import java.util.Objects;

/**
 * Where rate-limit buckets are kept (config {@code limit_store}): in this process, or in Redis so
 * that any number of gateways share the limits.
 *
 * @param redisUrl {@code redis://host:port[/db]} for {@link Kind#REDIS}, else null
 * @param failOpen with Redis unreachable: admit requests (true) or refuse them (false)
 */
public record LimitStoreSettings(Kind kind, String redisUrl, boolean failOpen) {

  public static final LimitStoreSettings MEMORY = new LimitStoreSettings(Kind.MEMORY, null, false);

  /** The backends. */
  public enum Kind { MEMORY, REDIS }

  public LimitStoreSettings {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.REDIS) != (redisUrl != null)) {
      throw new IllegalArgumentException("a Redis store, and only it, has a URL");
    }
  }
}
