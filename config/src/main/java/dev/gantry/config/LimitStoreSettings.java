package dev.gantry.config;

import java.util.Objects;

/**
 * Where rate-limit buckets are kept (config {@code limit_store}): in this process, or in Redis so
 * that any number of gateways share the limits.
 *
 * @param redisUrl {@code redis://host:port[/db]} for {@link Kind#REDIS}, else null
 * @param failOpen with Redis unreachable: admit requests (true) or refuse them (false)
 * @param timeout how long a check may wait for Redis before it counts as unanswered
 */
public record LimitStoreSettings(Kind kind, String redisUrl, boolean failOpen,
    java.time.Duration timeout) {

  /** How long a check waits for Redis unless configured. */
  public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(2);

  public static final LimitStoreSettings MEMORY =
      new LimitStoreSettings(Kind.MEMORY, null, false, DEFAULT_TIMEOUT);

  /** With the default timeout. */
  public LimitStoreSettings(Kind kind, String redisUrl, boolean failOpen) {
    this(kind, redisUrl, failOpen, DEFAULT_TIMEOUT);
  }

  /** The backends. */
  public enum Kind { MEMORY, REDIS }

  public LimitStoreSettings {
    Objects.requireNonNull(kind, "kind");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if ((kind == Kind.REDIS) != (redisUrl != null)) {
      throw new IllegalArgumentException("a Redis store, and only it, has a URL");
    }
  }
}
