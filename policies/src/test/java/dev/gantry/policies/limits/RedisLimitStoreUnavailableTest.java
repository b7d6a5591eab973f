package dev.gantry.policies.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisLimitStore} when Redis does not answer: a closed port, or a server that accepts and
 * never replies. Needs no Redis.
 */
class RedisLimitStoreUnavailableTest {

  private static final Bucket TPM = new Bucket("key:a:tpm", 100, 60_000);
  private static final Bucket CONCURRENT = new Bucket("key:a:concurrent", 2, 0);

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    LimitStoreContractTest.await(vertx.close());
  }

  @Test
  void failOpen_redisDown_admitsAndCounts() throws IOException {
    RedisLimitStore store = store(closedPort(), RedisLimitStore.FailMode.OPEN);

    Admission a = await(store.reserve(List.of(new Debit(TPM, 30), new Debit(CONCURRENT, 1))));
    assertThat(a).isEqualTo(new Admission(true, null, 0,
        Map.of("key:a:tpm", 70L, "key:a:concurrent", 1L)));
    assertThat(await(store.peek(List.of(TPM)))).isEqualTo(Map.of("key:a:tpm", 100L));
    await(store.adjust(List.of(new Debit(CONCURRENT, -1))));

    assertThat(store.unanswered()).isEqualTo(3);
    await(store.close());
  }

  @Test
  void failClosed_redisDown_refusesWithAClearError() throws IOException {
    RedisLimitStore store = store(closedPort(), RedisLimitStore.FailMode.CLOSED);

    assertUnanswered(store.reserve(List.of(new Debit(TPM, 30))));
    assertUnanswered(store.adjust(List.of(new Debit(TPM, -30))));
    assertUnanswered(store.peek(List.of(TPM)));

    assertThat(store.unanswered()).isEqualTo(3);
    await(store.close());
  }

  @Test
  void failClosed_redisSilent_refusesAfterTheTimeout() {
    NetServer silent = await(vertx.createNetServer().connectHandler(socket -> { })
        .listen(0, "127.0.0.1"));
    RedisLimitStore store = store(silent.actualPort(), RedisLimitStore.FailMode.CLOSED);

    assertUnanswered(store.reserve(List.of(new Debit(TPM, 30))));

    assertThat(store.unanswered()).isEqualTo(1);
    await(store.close());
    await(silent.close());
  }

  private static RedisLimitStore store(int port, RedisLimitStore.FailMode mode) {
    return new RedisLimitStore(Redis.createClient(vertx,
        RedisLimitStore.options("redis://127.0.0.1:" + port)), mode, "gantry:limits:",
        Duration.ofMillis(300));
  }

  private static void assertUnanswered(Future<?> call) {
    try {
      call.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + call.result());
    } catch (Exception e) {
      assertThat(e.getCause()).isInstanceOf(GatewayException.class)
          .hasMessageContaining("Rate limits cannot be checked");
      assertThat(((GatewayException) e.getCause()).kind()).isEqualTo(ErrorKind.INTERNAL);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static <T> T await(Future<T> future) {
    return LimitStoreContractTest.await(future);
  }
}
