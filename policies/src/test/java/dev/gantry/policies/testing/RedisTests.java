package dev.gantry.policies.testing;

import dev.gantry.policies.limits.RedisLimitStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the policies tests use (rate limits, response cache, semantic index):
 * {@code redis://127.0.0.1:6379}, or the URL in the system property {@code gantry.test.redis} or
 * the environment variable {@code GANTRY_TEST_REDIS}. Without it the tests are skipped, except
 * under {@code CI=true}, where they fail: CI must run them.
 */
public final class RedisTests {

  private RedisTests() {}

  public static String url() {
    String url = System.getProperty("gantry.test.redis", System.getenv("GANTRY_TEST_REDIS"));
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
  }

  /** A client that answered PING; otherwise the calling test class is skipped (or fails in CI). */
  public static Redis connect(Vertx vertx) {
    Redis redis = Redis.createClient(vertx, RedisLimitStore.options(url()));
    try {
      await(redis.send(Request.cmd(Command.PING)));
      return redis;
    } catch (RuntimeException e) {
      redis.close();
      String why = "no Redis answers at " + url() + " (" + e + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(why + ": under CI=true the Redis tests must run (.ci/run starts"
            + " Redis)", e);
      }
      Assumptions.abort(why + "; skipped. Point gantry.test.redis or GANTRY_TEST_REDIS at one.");
      throw new IllegalStateException("unreachable");
    }
  }

  public static Response send(Redis redis, Request request) {
    return await(redis.send(request));
  }

  /** Deletes every key under {@code prefix} (a prefix without glob characters). */
  public static void deleteAll(Redis redis, String prefix) {
    String cursor = "0";
    do {
      Response page = send(redis, Request.cmd(Command.SCAN).arg(cursor).arg("MATCH")
          .arg(prefix + "*").arg("COUNT").arg(1000));
      cursor = page.get(0).toString();
      if (page.get(1).size() > 0) {
        Request del = Request.cmd(Command.DEL);
        page.get(1).forEach(k -> del.arg(k.toBytes()));
        send(redis, del);
      }
    } while (!"0".equals(cursor));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
    }
  }
}
