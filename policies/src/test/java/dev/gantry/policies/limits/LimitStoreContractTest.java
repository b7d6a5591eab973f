package dev.gantry.policies.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LimitStore} shares, run on each store (style.md convention 6): a
 * subclass opens the store, a second gateway on the same buckets, and says how time passes for
 * it. Checks that need time to pass use {@link #window()}-long buckets and {@link #elapse}; the
 * others use day-long windows, so that the few ms a test takes refill nothing visible.
 */
public abstract class LimitStoreContractTest {

  protected static final long DAY = TimeUnit.DAYS.toMillis(1);

  protected static Vertx vertx;

  private final List<LimitStore> opened = new ArrayList<>();
  private LimitStore store;

  /** Opens the store under test: it sees no bucket of another test. */
  protected abstract LimitStore openStore();

  /**
   * Opens another gateway's store on the buckets of the one {@link #openStore} returned last
   * (a store in memory answers itself: one process, one set of buckets).
   */
  protected abstract LimitStore openSecondGateway();

  /** Lets at least {@code millis} pass on the store's clock. */
  protected abstract void elapse(long millis);

  /** The refill window of the buckets whose refill a test waits for. */
  protected abstract long window();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
  }

  @AfterAll
  static void closeVertx() {
    await(vertx.close());
  }

  @BeforeEach
  void open() {
    store = track(openStore());
  }

  @AfterEach
  void closeStores() {
    for (LimitStore s : opened) {
      await(s.close());
    }
  }

  @Test
  void reserve_roomInEveryBucket_debitsEach() {
    Bucket tpm = new Bucket("key:a:tpm", 100, DAY);
    Bucket rpm = new Bucket("key:a:rpm", 3, DAY);

    Admission a = reserve(store, debit(tpm, 30), debit(rpm, 1));

    assertThat(a).isEqualTo(new Admission(true, null, 0, Map.of("key:a:tpm", 70L, "key:a:rpm", 2L)));
    assertThat(peek(tpm, rpm)).isEqualTo(Map.of("key:a:tpm", 70L, "key:a:rpm", 2L));
  }

  @Test
  void reserve_oneBucketWithoutRoom_debitsNone() {
    Bucket tpm = new Bucket("key:a:tpm", 100, DAY);
    Bucket rpm = new Bucket("key:a:rpm", 3, DAY);
    assertThat(reserve(store, debit(tpm, 10), debit(rpm, 3)).admitted()).isTrue();

    Admission a = reserve(store, debit(tpm, 10), debit(rpm, 1));

    assertThat(a.admitted()).isFalse();
    assertThat(a.limiting()).isEqualTo("key:a:rpm");
    assertThat(a.remaining()).isEqualTo(Map.of("key:a:tpm", 90L, "key:a:rpm", 0L));
    assertThat(peek(tpm, rpm)).as("the bucket with room was not debited")
        .isEqualTo(Map.of("key:a:tpm", 90L, "key:a:rpm", 0L));
  }

  @Test
  void reserve_severalBucketsWithoutRoom_namesTheLongestWait() {
    Bucket hourly = new Bucket("team:t:tph", 10, DAY / 24);
    Bucket daily = new Bucket("team:t:tpd", 10, DAY);
    Bucket concurrent = new Bucket("team:t:concurrent", 10, 0);
    reserve(store, debit(hourly, 10), debit(daily, 10), debit(concurrent, 10));

    Admission refilling = reserve(store, debit(hourly, 1), debit(daily, 1));
    Admission held = reserve(store, debit(hourly, 1), debit(concurrent, 1), debit(daily, 1));

    assertThat(refilling.limiting()).isEqualTo("team:t:tpd");
    assertThat(refilling.retryAfterMillis()).isBetween(DAY / 10 - 1000, DAY / 10);
    assertThat(held.limiting()).isEqualTo("team:t:concurrent");
    assertThat(held.retryAfterMillis()).isEqualTo(-1);
  }

  @Test
  void reserve_refused_saysWhenThereWillBeRoom() {
    Bucket tpm = new Bucket("key:a:tpm", 10, window());
    reserve(store, debit(tpm, 10));

    Admission refused = reserve(store, debit(tpm, 5));

    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfterMillis()).isPositive().isLessThanOrEqualTo(window() / 2);
    elapse(refused.retryAfterMillis());
    assertThat(reserve(store, debit(tpm, 5)).admitted()).isTrue();
  }

  @Test
  void refill_overTime_isContinuousAndStopsAtCapacity() {
    Bucket tpm = new Bucket("key:a:tpm", 10, window());
    reserve(store, debit(tpm, 10));

    elapse(window() / 2);
    assertThat(peek(tpm).get("key:a:tpm")).isBetween(5L, 10L);
    elapse(2 * window());
    assertThat(peek(tpm)).containsEntry("key:a:tpm", 10L);
  }

  @Test
  void reserve_amountAboveCapacity_isRefusedForGood() {
    Bucket tpm = new Bucket("key:a:tpm", 10, DAY);

    Admission a = reserve(store, debit(tpm, 11));

    assertThat(a).isEqualTo(new Admission(false, "key:a:tpm", -1, Map.of("key:a:tpm", 10L)));
  }

  @Test
  void concurrencyBucket_isReleasedByAdjust() {
    Bucket concurrent = new Bucket("key:a:concurrent", 2, 0);
    assertThat(reserve(store, debit(concurrent, 1)).admitted()).isTrue();
    assertThat(reserve(store, debit(concurrent, 1)).admitted()).isTrue();

    Admission third = reserve(store, debit(concurrent, 1));
    assertThat(third).isEqualTo(new Admission(false, "key:a:concurrent", -1,
        Map.of("key:a:concurrent", 0L)));

    await(store.adjust(List.of(debit(concurrent, -1))));
    assertThat(reserve(store, debit(concurrent, 1)).admitted()).isTrue();
    await(store.adjust(List.of(debit(concurrent, -1), debit(concurrent, -1))));
    assertThat(peek(concurrent)).containsEntry("key:a:concurrent", 2L);
  }

  @Test
  void adjust_charge_goesBelowZeroAndIsPaidBackByRefill() {
    Bucket daily = new Bucket("key:a:tpd", 10, DAY);
    Bucket tpm = new Bucket("key:a:tpm", 10, window());
    reserve(store, debit(daily, 5), debit(tpm, 10));

    await(store.adjust(List.of(debit(daily, 20), debit(tpm, 5))));

    assertThat(peek(daily)).containsEntry("key:a:tpd", -15L);
    Admission refused = reserve(store, debit(tpm, 1));
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfterMillis()).as("6 units to refill: 0.6 window")
        .isPositive().isLessThanOrEqualTo(window() * 6 / 10);
    elapse(refused.retryAfterMillis());
    assertThat(reserve(store, debit(tpm, 1)).admitted()).isTrue();
  }

  @Test
  void adjust_refund_isCappedAtCapacity() {
    Bucket daily = new Bucket("key:a:tpd", 10, DAY);
    Bucket concurrent = new Bucket("key:a:concurrent", 2, 0);
    reserve(store, debit(daily, 4));

    await(store.adjust(List.of(debit(daily, -100), debit(concurrent, -5))));

    assertThat(peek(daily, concurrent))
        .isEqualTo(Map.of("key:a:tpd", 10L, "key:a:concurrent", 2L));
  }

  @Test
  void peek_unknownBucket_isFull() {
    assertThat(peek(new Bucket("never:used", 42, DAY), new Bucket("never:held", 3, 0)))
        .isEqualTo(Map.of("never:used", 42L, "never:held", 3L));
  }

  @Test
  void reserve_sameBucketTwice_debitsTheSum() {
    Bucket tpm = new Bucket("key:a:tpm", 100, DAY);

    Admission a = reserve(store, debit(tpm, 30), debit(tpm, 20));

    assertThat(a.remaining()).isEqualTo(Map.of("key:a:tpm", 50L));
    assertThat(reserve(store, debit(tpm, 30), debit(tpm, 30)).admitted()).isFalse();
  }

  @Test
  void reserve_badDebits_areRejected() {
    Bucket tpm = new Bucket("key:a:tpm", 100, DAY);

    assertThatThrownBy(() -> store.reserve(List.of(debit(tpm, -1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adjust");
    assertThatThrownBy(() -> store.reserve(List.of(debit(tpm, 1),
        debit(new Bucket("key:a:tpm", 50, DAY), 1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two definitions");
  }

  /**
   * 200 reservations at once, from event loops and plain threads, through two gateways: the
   * admitted amounts never exceed the capacity of a bucket that does not refill, and every unit
   * is accounted for.
   */
  @Test
  void reserve_concurrentlyFromManyThreadsAndGateways_neverOverAdmits() throws Exception {
    Bucket pool = new Bucket("deployment:d:pool", 1000, 0);
    Bucket daily = new Bucket("deployment:d:tpd", 1500, DAY);
    LimitStore second = track(openSecondGateway());
    Random random = new Random(7);
    List<Context> loops = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      loops.add(vertx.getOrCreateContext());
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Admission>> answers = new ArrayList<>();
    long[] amounts = new long[200];
    try {
      for (int i = 0; i < amounts.length; i++) {
        amounts[i] = 1 + random.nextInt(20);
        LimitStore gateway = i % 2 == 0 ? store : second;
        List<Debit> debits = List.of(debit(pool, amounts[i]), debit(daily, amounts[i]));
        Promise<Admission> answer = Promise.promise();
        answers.add(answer.future());
        if (i % 4 < 2) {
          threads.execute(() -> {
            awaitGate(go);
            gateway.reserve(debits).onComplete(answer);
          });
        } else {
          Context loop = loops.get(i % loops.size());
          threads.execute(() -> {
            awaitGate(go);
            loop.runOnContext(v -> gateway.reserve(debits).onComplete(answer));
          });
        }
      }
      go.countDown();
      await(Future.all(answers));
    } finally {
      threads.shutdownNow();
    }

    long admitted = 0;
    int refused = 0;
    for (int i = 0; i < amounts.length; i++) {
      if (answers.get(i).result().admitted()) {
        admitted += amounts[i];
      } else {
        refused++;
      }
    }
    assertThat(admitted).isLessThanOrEqualTo(1000).as("greedy: room left only below 20 units")
        .isGreaterThan(980);
    assertThat(refused).isPositive();
    assertThat(peek(pool, daily)).isEqualTo(Map.of("deployment:d:pool", 1000 - admitted,
        "deployment:d:tpd", 1500 - admitted));
  }

  protected LimitStore track(LimitStore s) {
    opened.add(s);
    return s;
  }

  protected static Debit debit(Bucket bucket, long amount) {
    return new Debit(bucket, amount);
  }

  protected static Admission reserve(LimitStore store, Debit... debits) {
    return await(store.reserve(List.of(debits)));
  }

  protected Map<String, Long> peek(Bucket... buckets) {
    return await(store.peek(List.of(buckets)));
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the store did not answer: " + e, e);
    }
  }

  private static void awaitGate(CountDownLatch go) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
