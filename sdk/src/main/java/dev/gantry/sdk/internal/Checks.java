package dev.gantry.sdk.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks the builders share. */
public final class Checks {
  private Checks() {}

  /** {@code d}, which must be set and positive; {@code name} says which in the error. */
  public static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }
}
