package dev.gantry.sdk;

import java.time.Duration;

/** Waits between retries; tests replace it with one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** Blocks for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** {@link Thread#sleep(long)}. */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis());
  }
}
