package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisResponseCache} when Redis does not answer: a closed port, or a server that accepts
 * and never replies. Every call fails its future (a miss for the caller) instead of hanging, and
 * is counted. Needs no Redis.
 */
class RedisResponseCacheUnavailableTest {

  private static final CacheKey KEY = new CacheKey("key:a", "gpt-4o", "00");

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    ResponseCacheContractTest.await(vertx.close());
  }

  @Test
  void redisDown_everyCallFails() throws IOException {
    RedisResponseCache cache = cache(closedPort());

    assertFails(cache.get(KEY));
    assertFails(cache.put(KEY, new byte[] {1}, Duration.ofMinutes(1)));
    assertFails(cache.purge("key:a", null));

    assertThat(cache.unanswered()).isEqualTo(3);
    ResponseCacheContractTest.await(cache.close());
  }

  @Test
  void redisSilent_callsFailAfterTheTimeout() {
    NetServer silent = ResponseCacheContractTest.await(vertx.createNetServer()
        .connectHandler(socket -> { }).listen(0, "127.0.0.1"));
    RedisResponseCache cache = cache(silent.actualPort());

    long start = System.nanoTime();
    assertFails(cache.get(KEY));
    assertFails(cache.purge(null, null));
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(took).as("two calls of a 300 ms timeout").isBetween(500L, 5_000L);
    assertThat(cache.unanswered()).isEqualTo(2);
    ResponseCacheContractTest.await(cache.close());
    ResponseCacheContractTest.await(silent.close());
  }

  private static RedisResponseCache cache(int port) {
    return new RedisResponseCache(Redis.createClient(vertx,
        RedisResponseCache.options("redis://127.0.0.1:" + port)), "gantry:cache:",
        Duration.ofMillis(300), RedisResponseCache.DEFAULT_MAX_VALUE_BYTES);
  }

  private static void assertFails(Future<?> call) {
    try {
      call.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + call.result());
    } catch (ExecutionException expected) {
      assertThat(call.failed()).isTrue();
    } catch (Exception e) {
      throw new AssertionError("the call neither answered nor failed within 10 s", e);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
