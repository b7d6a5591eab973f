package dev.gantry.policies.limits;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the tests use: {@code redis://127.0.0.1:6379}, or the URL in the system property
 * {@code gantry.test.redis} or the environment variable {@code GANTRY_TEST_REDIS}. Without it the
 * tests are skipped, except under {@code CI=true}, where they fail: CI must run them.
 */
final class RedisTests {

  private RedisTests() {}

  static String url() {
    String url = System.getProperty("gantry.test.redis", System.getenv("GANTRY_TEST_REDIS"));
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
  }

  /** A client that answered PING; otherwise the calling test class is skipped (or fails in CI). */
  static Redis connect(Vertx vertx) {
    Redis redis = Redis.createClient(vertx, RedisLimitStore.options(url()));
    try {
      redis.send(Request.cmd(Command.PING)).toCompletionStage().toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      return redis;
    } catch (Exception e) {
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

  static Response send(Redis redis, Request request) {
    return LimitStoreContractTest.await(redis.send(request));
  }

  /** Deletes every key under {@code prefix}. */
  static void deleteAll(Redis redis, String prefix) {
    String cursor = "0";
    do {
      Response page = send(redis, Request.cmd(Command.SCAN).arg(cursor).arg("MATCH")
          .arg(prefix + "*").arg("COUNT").arg(1000));
      cursor = page.get(0).toString();
      List<String> keys = new ArrayList<>();
      page.get(1).forEach(k -> keys.add(k.toString()));
      if (!keys.isEmpty()) {
        Request del = Request.cmd(Command.DEL);
        keys.forEach(del::arg);
        send(redis, del);
      }
    } while (!"0".equals(cursor));
  }
}
