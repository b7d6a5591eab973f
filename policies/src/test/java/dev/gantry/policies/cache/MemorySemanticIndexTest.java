package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The contract on {@link MemorySemanticIndex}, on a ticker the test moves; then its bound. */
class MemorySemanticIndexTest extends SemanticIndexContractTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  protected SemanticIndex openIndex(int cap) {
    return new MemorySemanticIndex(1 << 20, cap, nanos::get);
  }

  @Override
  protected void passTime(Duration time) {
    nanos.addAndGet(time.toNanos());
  }

  @Test
  void add_entryTtlPassed_isDroppedFromTheScopesWeight() {
    MemorySemanticIndex memory = memory(1 << 20, 10);
    CacheKey scope = new CacheKey("key:a", "gpt-4o", "s");
    await(memory.add(scope, new float[] {1, 0}, answer(scope, "a"), Duration.ofSeconds(1)));
    long one = memory.weightedSize();
    passTime(Duration.ofSeconds(1));

    await(memory.add(scope, new float[] {0, 1}, answer(scope, "b"), HOUR));

    assertThat(memory.weightedSize()).isEqualTo(one);
  }

  @Test
  void bound_exceeded_evictsWholeScopes() {
    int weight = MemorySemanticIndex.ENTRY_OVERHEAD + 4 * 384 + 1;
    MemorySemanticIndex memory = memory(10L * weight, 10);
    float[] vector = new float[384];
    vector[0] = 1;

    for (int i = 0; i < 30; i++) {
      CacheKey scope = new CacheKey("key:a", "gpt-4o", "s" + i);
      await(memory.add(scope, vector, answer(scope, "a"), HOUR));
    }

    assertThat(memory.weightedSize()).isLessThanOrEqualTo(10L * weight);
  }

  @Test
  void scope_expiresWithItsLastEntry() {
    MemorySemanticIndex memory = memory(1 << 20, 10);
    CacheKey scope = new CacheKey("key:a", "gpt-4o", "s");
    await(memory.add(scope, new float[] {1, 0}, answer(scope, "a"), Duration.ofSeconds(1)));

    passTime(Duration.ofSeconds(1));

    assertThat(memory.weightedSize()).isZero();
  }

  private MemorySemanticIndex memory(long maxBytes, int cap) {
    return (MemorySemanticIndex) track(new MemorySemanticIndex(maxBytes, cap, nanos::get));
  }
}
