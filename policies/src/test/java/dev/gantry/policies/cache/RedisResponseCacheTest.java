package dev.gantry.policies.cache;

import dev.gantry.policies.testing.RedisTests;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on {@link RedisResponseCache} against a real Redis (see {@link RedisTests}), with
 * a 200 ms TTL that the expiry tests wait for (polling up to 3 s); then how entries are kept in
 * Redis. Each test works under its own key prefix and deletes its keys.
 */
class RedisResponseCacheTest extends ResponseCacheContractTest {

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
  protected ResponseCache openCache() {
    prefix = "gantry:cache:test-" + UUID.randomUUID() + ":";
    return redisCache(RedisResponseCache.DEFAULT_MAX_VALUE_BYTES);
  }

  @Override
  protected Duration shortTtl() {
    return Duration.ofMillis(200);
  }

  @Override
  protected void passTtl(Duration ttl) {
    // Redis expires on its own clock; the contract polls for the expiry.
  }

  @Test
  void entry_isOneKeyUnderThePrefix_expiringOnItsTtl() {
    put(key("key:a", "gpt-4o", "ab12"), bytes("v"), Duration.ofSeconds(90));

    String redisKey = prefix + "key:a\ngpt-4o\nab12";
    assertThat(RedisTests.send(admin, Request.cmd(Command.GET).arg(redisKey)).toBytes())
        .isEqualTo(bytes("v"));
    assertThat(RedisTests.send(admin, Request.cmd(Command.PTTL).arg(redisKey)).toLong())
        .isBetween(80_000L, 90_000L);
  }

  @Test
  void put_subMillisecondTtl_isRoundedUp() {
    put(key("key:a", "gpt-4o", "01"), bytes("v"), Duration.ofNanos(1_500_000));

    long ttl = RedisTests.send(admin, Request.cmd(Command.PTTL)
        .arg(prefix + "key:a\ngpt-4o\n01")).toLong();
    assertThat(ttl).as("2 ms, or already expired (-2); never without a TTL (-1)")
        .isIn(-2L, 0L, 1L, 2L);
  }

  @Test
  void put_valueAboveTheMaximum_isNotStoredAndEmptiesTheKey() {
    ResponseCache small = redisCache(100);
    CacheKey k = key("key:a", "gpt-4o", "01");
    await(small.put(k, new byte[100], HOUR));

    await(small.put(k, new byte[101], HOUR));

    assertThat(await(small.get(k))).isNull();
  }

  @Test
  void purge_manyKeys_walksEveryScanPage() {
    int count = 3 * RedisCalls.SCAN_COUNT + 7;
    Request mset = Request.cmd(Command.MSET);
    RedisKeys keys = new RedisKeys(prefix);
    for (int i = 0; i < count; i++) {
      mset.arg(keys.key(key("key:a", "gpt-4o", Integer.toString(i)))).arg("v");
    }
    RedisTests.send(admin, mset);
    put(key("key:b", "gpt-4o", "kept"), bytes("kept"), HOUR);

    assertThat(await(cache.purge("key:a", null))).isEqualTo(count);

    assertThat(get(key("key:b", "gpt-4o", "kept"))).isEqualTo(bytes("kept"));
  }

  @Test
  void stats_cannotTellEntriesOrBytes() {
    assertThat(cache.stats()).isEqualTo(new ResponseCache.Stats(-1, -1, 0));
  }

  private ResponseCache redisCache(int maxValueBytes) {
    return track(new RedisResponseCache(
        Redis.createClient(vertx, RedisResponseCache.options(RedisTests.url())), prefix,
        Duration.ofSeconds(10), maxValueBytes));
  }
}
