package dev.gantry.policies.limits;

import java.util.Objects;

/**
 * Units taken from (positive) or given back to (negative) one bucket.
 */
public record Debit(Bucket bucket, long amount) {

  public Debit {
    Objects.requireNonNull(bucket, "bucket");
  }
}
