package dev.gantry.policies.limits;

import dev.gantry.policies.testing.RedisTests;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on {@link RedisLimitStore} against a real Redis (see {@link RedisTests}), with
 * refill windows of 200 ms that the tests wait for; then how buckets are kept in Redis. Each test
 * works under its own key prefix and deletes its keys.
 */
class RedisLimitStoreTest extends LimitStoreContractTest {

  private static Redis admin;
  private String prefix;

  @BeforeAll
  static void connect() {
    admin = RedisTests.connect(vertx);
  }

  @AfterAll
  static void disconnect() {
    if (admin != null) {
      await(admin.close());
    }
  }

  @AfterEach
  void deleteKeys() {
    RedisTests.deleteAll(admin, prefix);
  }

  @Override
  protected LimitStore openStore() {
    prefix = "gantry:limits:test-" + UUID.randomUUID() + ":";
    return openSecondGateway();
  }

  @Override
  protected LimitStore openSecondGateway() {
    return new RedisLimitStore(Redis.createClient(vertx, RedisLimitStore.options(RedisTests.url())),
        RedisLimitStore.FailMode.CLOSED, prefix, Duration.ofSeconds(10));
  }

  @Override
  protected void elapse(long millis) {
    try {
      Thread.sleep(millis + 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  protected long window() {
    return 200;
  }

  @Test
  void bucket_isAHashUnderThePrefix_deletedOnceFull() {
    LimitStore store = track(openSecondGateway());
    Bucket tpm = new Bucket("key:a:tpm", 100, DAY);
    reserve(store, debit(tpm, 30));

    assertThat(RedisTests.send(admin, Request.cmd(Command.HGET).arg(prefix + "key:a:tpm")
        .arg("tokens")).toLong()).isEqualTo(70);

    await(store.adjust(List.of(debit(tpm, -30))));
    assertThat(exists("key:a:tpm")).as("a full bucket is an absent key").isFalse();
  }

  @Test
  void refillingBucket_expiresOnlyOnceFullAgain() {
    LimitStore store = track(openSecondGateway());
    Bucket daily = new Bucket("key:a:tpd", 10, DAY);
    reserve(store, debit(daily, 10));
    await(store.adjust(List.of(debit(daily, 10))));

    long ttl = pttl("key:a:tpd");
    assertThat(ttl).as("20 units to refill (2 days), plus one window")
        .isBetween(3 * DAY - 10_000, 3 * DAY);
  }

  @Test
  void concurrencyBucket_doesNotExpireWhileUnitsAreHeld() {
    LimitStore store = track(openSecondGateway());
    Bucket concurrent = new Bucket("key:a:concurrent", 2, 0);
    reserve(store, debit(concurrent, 1));

    assertThat(pttl("key:a:concurrent"))
        .isGreaterThan(RedisLimitStore.HELD_TTL.toMillis() - 10_000);
    await(store.adjust(List.of(debit(concurrent, -1))));
    assertThat(exists("key:a:concurrent")).isFalse();
  }

  @Test
  void scriptLostByRedis_isSentWhole() {
    LimitStore store = track(openSecondGateway());
    Bucket tpm = new Bucket("key:a:tpm", 100, DAY);
    reserve(store, debit(tpm, 1));

    RedisTests.send(admin, Request.cmd(Command.SCRIPT).arg("FLUSH"));

    assertThat(reserve(store, debit(tpm, 1)).remaining()).containsEntry("key:a:tpm", 98L);
    assertThat(((RedisLimitStore) store).unanswered()).isZero();
  }

  private boolean exists(String key) {
    return RedisTests.send(admin, Request.cmd(Command.EXISTS).arg(prefix + key)).toInteger() == 1;
  }

  private long pttl(String key) {
    return RedisTests.send(admin, Request.cmd(Command.PTTL).arg(prefix + key)).toLong();
  }
}
