package dev.gantry.policies.limits;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Buckets in this process: the single-node default. Every operation runs under one lock, held for
 * the few arithmetic steps of the buckets it names (no I/O, no allocation beyond the answer), so it
 * is atomic across those buckets and safe from any number of event loops; the futures it returns
 * are already complete.
 *
 * <p>Refills are exact and continuous on the given clock ({@link Clock#millis()}). Memory stays
 * bounded by the buckets in use: a full bucket is the same as one never used, so each operation
 * looks at the longest-idle buckets, one more than it touched, and forgets those that have
 * refilled to full.
 */
public final class MemoryLimitStore implements LimitStore {

  private final LongSupplier millis;
  /** In access order: the eldest entries are the longest idle. Guarded by itself. */
  private final LinkedHashMap<String, Level> levels = new LinkedHashMap<>(64, 0.75f, true);

  /** A store on the system clock. */
  public MemoryLimitStore() {
    this(Clock.systemUTC());
  }

  public MemoryLimitStore(Clock clock) {
    this(Objects.requireNonNull(clock, "clock")::millis);
  }

  /** A store on a clock of milliseconds (tests move their own). */
  MemoryLimitStore(LongSupplier millis) {
    this.millis = Objects.requireNonNull(millis, "millis");
  }

  @Override
  public Future<Admission> reserve(List<Debit> debits) {
    List<Debit> merged = Debits.forReserve(debits);
    Map<String, Long> remaining = new HashMap<>();
    String limiting = null;
    long wait = 0;
    synchronized (levels) {
      long now = millis.getAsLong();
      for (Debit d : merged) {
        Level level = current(d.bucket(), now);
        remaining.put(d.bucket().key(), level.tokens());
        if (d.amount() > level.tokens()) {
          long w = level.retryAfter(d.amount());
          if (limiting == null || Level.longer(w, wait)) {
            limiting = d.bucket().key();
            wait = w;
          }
        }
      }
      if (limiting == null) {
        for (Debit d : merged) {
          remaining.put(d.bucket().key(), take(d, now));
        }
      }
      sweep(now, merged.size() + 1);
    }
    return Future.succeededFuture(new Admission(limiting == null, limiting, wait, remaining));
  }

  @Override
  public Future<Void> adjust(List<Debit> corrections) {
    List<Debit> merged = Debits.merge(corrections);
    synchronized (levels) {
      long now = millis.getAsLong();
      for (Debit d : merged) {
        take(d, now);
      }
      sweep(now, merged.size() + 1);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Map<String, Long>> peek(List<Bucket> buckets) {
    Map<String, Long> units = new HashMap<>();
    synchronized (levels) {
      long now = millis.getAsLong();
      for (Bucket b : buckets) {
        units.put(b.key(), current(b, now).tokens());
      }
    }
    return Future.succeededFuture(Map.copyOf(units));
  }

  @Override
  public Future<Void> close() {
    synchronized (levels) {
      levels.clear();
    }
    return Future.succeededFuture();
  }

  /** How many buckets are held (the others are full). */
  int size() {
    synchronized (levels) {
      return levels.size();
    }
  }

  /** The bucket's level now, without keeping a bucket never used. */
  private Level current(Bucket bucket, long now) {
    Level level = levels.get(bucket.key());
    return level == null ? Level.full(bucket, now) : level.refill(bucket, now);
  }

  /** Applies one debit or correction; returns the units left. */
  private long take(Debit d, long now) {
    Level level = current(d.bucket(), now);
    level.take(d.amount());
    if (level.isFull()) {
      levels.remove(d.bucket().key());
    } else {
      levels.put(d.bucket().key(), level);
    }
    return level.tokens();
  }

  /** Forgets the longest-idle buckets that are full by now; puts the others at the back. */
  private void sweep(long now, int count) {
    for (int i = 0; i < count && !levels.isEmpty(); i++) {
      Map.Entry<String, Level> eldest = levels.entrySet().iterator().next();
      Level level = eldest.getValue();
      if (level.refill(level.bucket(), now).isFull()) {
        levels.remove(eldest.getKey());
      } else {
        levels.get(eldest.getKey());
      }
    }
  }
}
