package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisSemanticIndex} when Redis does not answer: a closed port, or a server that accepts
 * and never replies. Every call fails its future (a miss for the caller) instead of hanging, and
 * is counted. Needs no Redis.
 */
class RedisSemanticIndexUnavailableTest {

  private static final CacheKey SCOPE = new CacheKey("key:a", "gpt-4o", "s");
  private static final CacheKey ANSWER = new CacheKey("key:a", "gpt-4o", "a");

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
    RedisSemanticIndex index = index(closedPort());

    assertFails(index.nearest(SCOPE, new float[] {1, 0}, 0.9));
    assertFails(index.add(SCOPE, new float[] {1, 0}, ANSWER, Duration.ofMinutes(1)));
    assertFails(index.purge("key:a", null));

    assertThat(index.unanswered()).isEqualTo(3);
    ResponseCacheContractTest.await(index.close());
  }

  @Test
  void redisSilent_callsFailAfterTheTimeout() {
    NetServer silent = ResponseCacheContractTest.await(vertx.createNetServer()
        .connectHandler(socket -> { }).listen(0, "127.0.0.1"));
    RedisSemanticIndex index = index(silent.actualPort());

    assertFails(index.nearest(SCOPE, new float[] {1, 0}, 0.9));

    assertThat(index.unanswered()).isEqualTo(1);
    ResponseCacheContractTest.await(index.close());
    ResponseCacheContractTest.await(silent.close());
  }

  private static RedisSemanticIndex index(int port) {
    return new RedisSemanticIndex(Redis.createClient(vertx,
        RedisResponseCache.options("redis://127.0.0.1:" + port)), "gantry:semantic:",
        Duration.ofMillis(300), 10, Clock.systemUTC());
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
