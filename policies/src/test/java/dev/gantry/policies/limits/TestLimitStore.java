package dev.gantry.policies.limits;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** A plain single-threaded token-bucket store on a hand-driven clock, for admission tests. */
public final class TestLimitStore implements LimitStore {

  private final LongSupplier now;
  private final Map<String, double[]> buckets = new HashMap<>();

  public TestLimitStore(LongSupplier now) {
    this.now = now;
  }

  private double[] refilled(Bucket b) {
    double[] s = buckets.computeIfAbsent(b.key(), k -> new double[] {b.capacity(), now.getAsLong()});
    if (b.refills()) {
      long t = now.getAsLong();
      s[0] = Math.min(b.capacity(), s[0] + (t - s[1]) * b.capacity() / (double) b.windowMillis());
      s[1] = t;
    }
    return s;
  }

  @Override
  public Future<Admission> reserve(List<Debit> debits) {
    Map<String, Long> remaining = new HashMap<>();
    for (Debit d : debits) {
      double[] s = refilled(d.bucket());
      if (s[0] < d.amount()) {
        long wait = d.bucket().refills()
            ? (long) Math.ceil((d.amount() - s[0]) * d.bucket().windowMillis() / d.bucket().capacity())
            : -1;
        debits.forEach(x -> remaining.put(x.bucket().key(), (long) refilled(x.bucket())[0]));
        return Future.succeededFuture(new Admission(false, d.bucket().key(), wait, remaining));
      }
    }
    for (Debit d : debits) {
      double[] s = refilled(d.bucket());
      s[0] -= d.amount();
      remaining.put(d.bucket().key(), (long) s[0]);
    }
    return Future.succeededFuture(new Admission(true, null, 0, remaining));
  }

  @Override
  public Future<Void> adjust(List<Debit> corrections) {
    for (Debit d : corrections) {
      double[] s = refilled(d.bucket());
      s[0] = Math.min(d.bucket().capacity(), s[0] - d.amount());
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Map<String, Long>> peek(List<Bucket> list) {
    Map<String, Long> out = new HashMap<>();
    list.forEach(b -> out.put(b.key(), (long) refilled(b)[0]));
    return Future.succeededFuture(out);
  }

  public long holds(String key) {
    return (long) buckets.get(key)[0];
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
