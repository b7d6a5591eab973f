package dev.gantry.bench;

import dev.gantry.policies.limits.Admission;
import dev.gantry.policies.limits.Bucket;
import dev.gantry.policies.limits.Debit;
import dev.gantry.policies.limits.MemoryLimitStore;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link MemoryLimitStore#reserve} of one request's three buckets (key tokens and requests per
 * minute, the deployment's tokens per minute), next to its baseline: three
 * {@link ConcurrentHashMap#merge} increments of the same keys. The buckets are big enough never to
 * refuse, so every operation debits. The {@code TwoThreads} pair runs the same on two threads at
 * once (the store has one lock).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MemoryLimitStoreBenchmark {

  static final long CAPACITY = 1_000_000_000_000L;

  private MemoryLimitStore store;
  private List<Debit> debits;
  private ConcurrentHashMap<String, Long> counters;

  @Setup
  public void setUp() {
    store = new MemoryLimitStore();
    debits = requestDebits();
    counters = new ConcurrentHashMap<>();
  }

  /** One request's reservation: 500 tokens on two buckets, one request on a third. */
  static List<Debit> requestDebits() {
    return List.of(new Debit(new Bucket("key:bench:tpm", CAPACITY, 60_000), 500),
        new Debit(new Bucket("key:bench:rpm", CAPACITY, 60_000), 1),
        new Debit(new Bucket("deployment:bench:tpm", CAPACITY, 60_000), 500));
  }

  @Benchmark
  public Admission reserve() {
    return store.reserve(debits).result();
  }

  @Benchmark
  public Long reserveBaseline() {
    counters.merge("key:bench:tpm", 500L, Long::sum);
    counters.merge("key:bench:rpm", 1L, Long::sum);
    return counters.merge("deployment:bench:tpm", 500L, Long::sum);
  }

  @Benchmark
  @Threads(2)
  public Admission reserveTwoThreads() {
    return reserve();
  }

  @Benchmark
  @Threads(2)
  public Long reserveTwoThreadsBaseline() {
    return reserveBaseline();
  }
}
