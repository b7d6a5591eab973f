package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.policies.cache.ResponseCache.Stats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The contract on {@link MemoryResponseCache}, on a ticker the test moves; then its bounds. */
class MemoryResponseCacheTest extends ResponseCacheContractTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  protected ResponseCache openCache() {
    return new MemoryResponseCache(1 << 20, 1 << 16, nanos::get);
  }

  @Override
  protected Duration shortTtl() {
    return Duration.ofSeconds(1);
  }

  @Override
  protected void passTtl(Duration ttl) {
    nanos.addAndGet(ttl.toNanos());
  }

  @Test
  void get_justBeforeTheTtl_isPresent_atTheTtl_isAbsent() {
    CacheKey k = key("key:a", "gpt-4o", "01");
    put(k, bytes("v"), Duration.ofSeconds(10));

    nanos.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
    assertThat(get(k)).as("reads do not extend the TTL").isEqualTo(bytes("v"));
    nanos.addAndGet(1);
    assertThat(get(k)).isNull();
  }

  @Test
  void put_replacedWithALongerTtl_livesOnTheNewTtl() {
    CacheKey k = key("key:a", "gpt-4o", "02");
    put(k, bytes("first"), Duration.ofSeconds(1));
    nanos.addAndGet(Duration.ofMillis(900).toNanos());

    put(k, bytes("second"), Duration.ofSeconds(10));
    nanos.addAndGet(Duration.ofSeconds(9).toNanos());

    assertThat(get(k)).isEqualTo(bytes("second"));
  }

  @Test
  void stats_bytesTrackPutsReplacementsAndRemovals() {
    MemoryResponseCache memory = memory(1 << 20, 1 << 16);
    CacheKey a = key("key:a", "gpt-4o", "aa");
    CacheKey b = key("key:b", "gpt-4o", "bb");

    await(memory.put(a, new byte[1000], HOUR));
    await(memory.put(b, new byte[500], HOUR));
    memory.cleanUp();
    assertThat(memory.stats()).isEqualTo(new Stats(2,
        1000 + MemoryResponseCache.overhead(a) + 500 + MemoryResponseCache.overhead(b), 0));

    await(memory.put(a, new byte[10], HOUR));
    await(memory.purge("key:b", null));
    memory.cleanUp();
    assertThat(memory.stats()).isEqualTo(new Stats(1, 10 + MemoryResponseCache.overhead(a), 0));
  }

  @Test
  void bound_exceeded_evictsBySizeAndCountsOnlyThose() {
    int weight = 1000 + MemoryResponseCache.overhead(key("key:a", "gpt-4o", "00"));
    MemoryResponseCache memory = memory(10L * weight, 2000);

    for (int i = 0; i < 30; i++) {
      await(memory.put(key("key:a", "gpt-4o", String.format("%02d", i)), new byte[1000], HOUR));
    }
    memory.cleanUp();

    Stats full = memory.stats();
    assertThat(full.bytes()).isLessThanOrEqualTo(10L * weight).isEqualTo(full.entries() * weight);
    assertThat(full.evictions()).isEqualTo(30 - full.entries()).isGreaterThanOrEqualTo(20);

    assertThat(await(memory.purge("key:a", null))).isEqualTo(full.entries());
    await(memory.put(key("key:b", "gpt-4o", "short"), new byte[1], Duration.ofSeconds(1)));
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    memory.cleanUp();
    assertThat(memory.stats()).as("purges and expiries are not evictions")
        .isEqualTo(new Stats(0, 0, full.evictions()));
  }

  @Test
  void put_valueAboveTheMaximum_isNotStoredAndEmptiesTheKey() {
    MemoryResponseCache memory = memory(1 << 20, 100);
    CacheKey k = key("key:a", "gpt-4o", "01");
    await(memory.put(k, new byte[100], HOUR));

    await(memory.put(k, new byte[101], HOUR));

    assertThat(await(memory.get(k))).isNull();
    memory.cleanUp();
    assertThat(memory.stats()).isEqualTo(new Stats(0, 0, 0));
  }

  @Test
  void put_ttlNotPositive_isRejected() {
    CacheKey k = key("key:a", "gpt-4o", "01");

    assertThatThrownBy(() -> cache.put(k, bytes("v"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TTL");
    assertThatThrownBy(() -> cache.put(k, bytes("v"), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_badBounds_areRejected() {
    assertThatThrownBy(() -> new MemoryResponseCache(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes");
    assertThatThrownBy(() -> new MemoryResponseCache(100, 101, nanos::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValueBytes");
  }

  private MemoryResponseCache memory(long maxBytes, int maxValueBytes) {
    return (MemoryResponseCache) track(new MemoryResponseCache(maxBytes, maxValueBytes, nanos::get));
  }
}
