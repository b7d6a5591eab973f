package dev.gantry.policies.cache;

import dev.gantry.policies.testing.RedisTests;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on {@link RedisSemanticIndex} against a real Redis (see {@link RedisTests}), its
 * entries' expiries read on a clock the test moves; then how scopes are kept in Redis. Each test
 * works under its own key prefix and deletes its keys.
 */
class RedisSemanticIndexTest extends SemanticIndexContractTest {

  private static Redis admin;
  private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());
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
  protected SemanticIndex openIndex(int cap) {
    prefix = "gantry:semantic:test-" + UUID.randomUUID() + ":";
    return new RedisSemanticIndex(
        Redis.createClient(vertx, RedisResponseCache.options(RedisTests.url())), prefix,
        Duration.ofSeconds(10), cap, new MovingClock(millis));
  }

  @Override
  protected void passTime(Duration time) {
    millis.addAndGet(time.toMillis());
  }

  @Test
  void scope_isOneListUnderThePrefix_trimmedToTheCap_livingAsLongAsItsLongestEntry() {
    CacheKey scope = new CacheKey("key:a", "gpt-4o", "s1");
    for (int i = 0; i < CAP + 2; i++) {
      add(scope, v(1, i), "a" + i, Duration.ofSeconds(60));
    }
    add(scope, v(1, 0), "long", Duration.ofSeconds(90));
    add(scope, v(1, 0), "short", Duration.ofSeconds(30));

    String key = prefix + "key:a\ngpt-4o\ns1";
    assertThat(RedisTests.send(admin, Request.cmd(Command.LLEN).arg(key)).toLong()).isEqualTo(CAP);
    assertThat(RedisTests.send(admin, Request.cmd(Command.PTTL).arg(key)).toLong())
        .isBetween(80_000L, 90_000L);
  }

  @Test
  void entry_isExpiryHashAndLittleEndianFloats() {
    CacheKey scope = new CacheKey("key:a", "gpt-4o", "s1");
    add(scope, v(3, 4), "ab12", Duration.ofSeconds(60));

    Response list = RedisTests.send(admin,
        Request.cmd(Command.LRANGE).arg(prefix + "key:a\ngpt-4o\ns1").arg(0).arg(-1));
    ByteBuffer b = ByteBuffer.wrap(list.get(0).toBytes()).order(ByteOrder.LITTLE_ENDIAN);

    assertThat(b.getLong()).isEqualTo(millis.get() + 60_000);
    assertThat(b.getShort()).isEqualTo((short) 4);
    byte[] hash = new byte[4];
    b.get(hash);
    assertThat(new String(hash, StandardCharsets.UTF_8)).isEqualTo("ab12");
    assertThat(b.getFloat()).isEqualTo(0.6f);
    assertThat(b.getFloat()).isEqualTo(0.8f);
    assertThat(b.remaining()).isZero();
  }

  @Test
  void purge_manyScopes_walksEveryScanPage() {
    int count = 2 * RedisCalls.SCAN_COUNT + 7;
    for (int i = 0; i < count; i++) {
      CacheKey scope = new CacheKey("key:a", "gpt-4o", "s" + i);
      await(index.add(scope, v(1, 0), answer(scope, "a"), HOUR));
    }
    CacheKey kept = new CacheKey("key:b", "gpt-4o", "s0");
    add(kept, v(1, 0), "kept");

    assertThat(await(index.purge("key:a", null))).isEqualTo(count);

    assertThat(nearest(kept, v(1, 0), 0.5)).isNotNull();
  }

  /** A clock at the test's millisecond counter. */
  private static final class MovingClock extends Clock {

    private final AtomicLong millis;

    MovingClock(AtomicLong millis) {
      this.millis = millis;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }
}
