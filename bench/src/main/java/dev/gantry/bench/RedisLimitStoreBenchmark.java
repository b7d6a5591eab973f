package dev.gantry.bench;

import dev.gantry.policies.limits.Admission;
import dev.gantry.policies.limits.Debit;
import dev.gantry.policies.limits.RedisLimitStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link RedisLimitStore#reserve} of one request's three buckets (one script call), waited for by
 * the benchmark thread, next to its baseline: a {@code PING} round trip through the same client.
 * Needs a Redis at {@code redis://127.0.0.1:6379}, or at the URL in the system property
 * {@code gantry.bench.redis} (pass it to the forks with {@code -jvmArgsAppend}); its keys go under
 * a random prefix, deleted at the end.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RedisLimitStoreBenchmark {

  private Vertx vertx;
  private Redis ping;
  private RedisLimitStore store;
  private String prefix;
  private List<Debit> debits;

  @Setup
  public void setUp() {
    String url = System.getProperty("gantry.bench.redis", "redis://127.0.0.1:6379");
    vertx = Vertx.vertx();
    ping = Redis.createClient(vertx, RedisLimitStore.options(url));
    prefix = "gantry:limits:bench-" + UUID.randomUUID() + ":";
    store = new RedisLimitStore(Redis.createClient(vertx, RedisLimitStore.options(url)),
        RedisLimitStore.FailMode.CLOSED, prefix, Duration.ofSeconds(5));
    debits = MemoryLimitStoreBenchmark.requestDebits();
    await(ping.send(Request.cmd(Command.PING)));
  }

  @TearDown
  public void tearDown() {
    Request del = Request.cmd(Command.DEL);
    debits.forEach(d -> del.arg(prefix + d.bucket().key()));
    await(ping.send(del));
    await(store.close());
    await(ping.close());
    await(vertx.close());
  }

  @Benchmark
  public Admission reserve() {
    return await(store.reserve(debits));
  }

  @Benchmark
  public Response reserveBaseline() {
    return await(ping.send(Request.cmd(Command.PING)));
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
