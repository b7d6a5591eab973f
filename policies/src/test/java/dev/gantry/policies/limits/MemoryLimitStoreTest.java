package dev.gantry.policies.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The contract on {@link MemoryLimitStore}, on a clock the test moves; then exact refills. */
class MemoryLimitStoreTest extends LimitStoreContractTest {

  private final AtomicLong clock = new AtomicLong(1_767_225_600_000L);
  private MemoryLimitStore memory;

  @Override
  protected LimitStore openStore() {
    memory = new MemoryLimitStore(clock::get);
    return memory;
  }

  @Override
  protected LimitStore openSecondGateway() {
    return memory;
  }

  @Override
  protected void elapse(long millis) {
    clock.addAndGet(millis);
  }

  @Override
  protected long window() {
    return 60_000;
  }

  @Test
  void reserve_refused_retryAfterIsExact() {
    Bucket rpm = new Bucket("key:a:rpm", 600, 60_000);
    reserve(memory, debit(rpm, 600));

    Admission refused = reserve(memory, debit(rpm, 3));
    assertThat(refused.retryAfterMillis()).isEqualTo(300);

    clock.addAndGet(299);
    assertThat(reserve(memory, debit(rpm, 3)).admitted()).isFalse();
    clock.addAndGet(1);
    assertThat(reserve(memory, debit(rpm, 3))).isEqualTo(
        new Admission(true, null, 0, Map.of("key:a:rpm", 0L)));
  }

  @Test
  void refill_keepsPartialUnits() {
    Bucket bucket = new Bucket("key:a:odd", 3, 1000);
    reserve(memory, debit(bucket, 3));

    clock.addAndGet(333);
    assertThat(peek(bucket)).containsEntry("key:a:odd", 0L);
    clock.addAndGet(333);
    assertThat(peek(bucket)).containsEntry("key:a:odd", 1L);
    clock.addAndGet(1);
    assertThat(peek(bucket)).as("3 units per 1000 ms: 2 after 667 ms").containsEntry("key:a:odd", 2L);
    assertThat(reserve(memory, debit(bucket, 3)).retryAfterMillis()).isEqualTo(333);
  }

  @Test
  void refill_afterALongIdleOverdraft_doesNotOverflow() {
    Bucket huge = new Bucket("deployment:d:tpd", 20_000_000_000L, 86_400_000L);
    reserve(memory, debit(huge, 5));
    memory.adjust(List.of(debit(huge, 40_000_000_000L)));

    clock.addAndGet(86_400_000L);
    assertThat(peek(huge)).containsEntry("deployment:d:tpd", -20_000_000_005L + 20_000_000_000L);
    clock.addAndGet(365L * 86_400_000L);
    assertThat(peek(huge)).containsEntry("deployment:d:tpd", 20_000_000_000L);
  }

  @Test
  void clockGoingBack_refillsNothingUntilItCatchesUp() {
    Bucket rpm = new Bucket("key:a:rpm", 10, 1000);
    reserve(memory, debit(rpm, 10));

    clock.addAndGet(-5000);
    assertThat(peek(rpm)).containsEntry("key:a:rpm", 0L);
    clock.addAndGet(5100);
    assertThat(peek(rpm)).containsEntry("key:a:rpm", 1L);
  }

  @Test
  void capacityLowered_bucketHoldsAtMostTheNewCapacity() {
    reserve(memory, debit(new Bucket("key:a:rpm", 100, 60_000), 10));

    assertThat(peek(new Bucket("key:a:rpm", 50, 60_000))).containsEntry("key:a:rpm", 50L);
  }

  @Test
  void idleBuckets_areForgottenOnceFull_heldOnesAreKept() {
    Bucket held = new Bucket("key:a:concurrent", 5, 0);
    reserve(memory, debit(held, 1));
    for (int i = 0; i < 1000; i++) {
      reserve(memory, debit(new Bucket("key:" + i + ":rpm", 10, 1000), 1));
      clock.addAndGet(1);
    }
    assertThat(memory.size()).as("only the buckets still refilling").isLessThan(250);

    clock.addAndGet(1000);
    reserve(memory, debit(held, 1));
    memory.adjust(List.of(debit(held, -1)));
    for (int i = 0; i < 1000; i++) {
      peek(new Bucket("other:" + i, 10, 1000));
      memory.adjust(List.of(debit(new Bucket("refund:" + i, 10, 1000), -1)));
    }
    assertThat(memory.size()).isEqualTo(1);
    assertThat(peek(held)).containsEntry("key:a:concurrent", 4L);
  }
}
