package dev.gantry.policies.limits;

import java.util.Objects;

/**
 * One limit as a token bucket: it holds at most {@code capacity} units and refills at
 * {@code capacity} per {@code windowMillis}, continuously (a limit of 600 requests per minute
 * refills one request every 100 ms). A bucket with {@code windowMillis == 0} never refills: units
 * come back only when released (concurrent requests).
 *
 * @param key the bucket's identity across gateways, e.g. {@code key:team-a:tpm}; buckets with the
 *     same key are the same bucket (their capacity and window must agree)
 */
public record Bucket(String key, long capacity, long windowMillis) {

  public Bucket {
    Objects.requireNonNull(key, "key");
    if (capacity < 1 || windowMillis < 0) {
      throw new IllegalArgumentException("a bucket holds at least 1 and refills over >= 0 ms");
    }
  }

  /** Whether units come back by themselves (false: only by release). */
  public boolean refills() {
    return windowMillis > 0;
  }
}
