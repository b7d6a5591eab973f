package dev.gantry.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the end-to-end tests share: 127.0.0.1:6379, or {@code GANTRY_TEST_REDIS}. Without
 * one a test is skipped locally and fails under {@code CI=true}, where it must run.
 */
public final class TestRedis {

  public static final String URL = System.getenv().getOrDefault("GANTRY_TEST_REDIS",
      "redis://127.0.0.1:6379");

  private TestRedis() {}

  /** A client that answered PING, or the test skipped (failed under {@code CI=true}). */
  public static Redis connectOrSkip(Vertx vertx) {
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(URL));
    try {
      redis.send(Request.cmd(Command.PING)).await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      redis.close();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("no Redis at " + URL + ": under CI=true this test must run", e);
      }
      Assumptions.abort("no Redis at " + URL + "; skipped");
    }
    return redis;
  }
}
