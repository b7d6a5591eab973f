package dev.gantry.policies.limits;

/**
 * One bucket's state in this process, refilled lazily when used: whole units, the progress toward
 * the next unit in unit·ms ({@code rem < windowMillis}: a bucket refills {@code capacity} units per
 * window, so each elapsed ms adds {@code capacity} unit·ms), and the time both were brought to.
 * Integer arithmetic throughout, so refills are exact: the same algorithm as
 * {@code token-buckets.lua}, which keeps Redis's buckets.
 */
final class Level {

  private Bucket bucket;
  private long tokens;
  private long rem;
  private long at;

  private Level(Bucket bucket, long now) {
    this.bucket = bucket;
    this.tokens = bucket.capacity();
    this.at = now;
  }

  /** A bucket never used (or forgotten when full): full. */
  static Level full(Bucket bucket, long now) {
    return new Level(bucket, now);
  }

  Bucket bucket() {
    return bucket;
  }

  long tokens() {
    return tokens;
  }

  boolean isFull() {
    return tokens >= bucket.capacity();
  }

  /**
   * Brings the level to {@code now} under the bucket's current definition (a reload may change
   * it). A clock going backwards refills nothing until it passes the last time seen again.
   */
  Level refill(Bucket current, long now) {
    bucket = current;
    long capacity = current.capacity();
    if (tokens >= capacity) {
      tokens = capacity;
      rem = 0;
    } else if (current.refills() && now > at) {
      long progress = saturatedAdd(saturatedMultiply(now - at, capacity), rem);
      long gained = progress / current.windowMillis();
      if (gained >= capacity - tokens) {
        tokens = capacity;
        rem = 0;
      } else {
        tokens += gained;
        rem = progress % current.windowMillis();
      }
    }
    at = Math.max(at, now);
    return this;
  }

  /** Takes units (positive, may go below zero) or gives them back (negative, up to capacity). */
  void take(long amount) {
    tokens = amount >= 0 ? tokens - amount : Math.min(bucket.capacity(), tokens - amount);
    if (isFull()) {
      rem = 0;
    }
  }

  /**
   * How long until {@code amount} units fit, for an amount that does not fit now: the least ms
   * after which the refill covers it, or -1 when waiting alone will not do (a bucket that never
   * refills, or an amount above capacity).
   */
  long retryAfter(long amount) {
    if (!bucket.refills() || amount > bucket.capacity()) {
      return -1;
    }
    long needed = saturatedMultiply(amount - tokens, bucket.windowMillis()) - rem;
    long capacity = bucket.capacity();
    return needed / capacity + (needed % capacity == 0 ? 0 : 1);
  }

  /** Whether a refusal that must wait {@code wait} is longer than one waiting {@code than}. */
  static boolean longer(long wait, long than) {
    return than != -1 && (wait == -1 || wait > than);
  }

  private static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? lo
        : (hi < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }
}
