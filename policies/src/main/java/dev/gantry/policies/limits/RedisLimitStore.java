package dev.gantry.policies.limits;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis, shared by every gateway pointed at it. Each operation is one call of one Lua
 * script ({@code token-buckets.lua}): it reads the buckets named, refills them on Redis's own
 * {@code TIME} (gateways need not agree on time), and for a reservation checks room and debits
 * all or none, atomically, in one round trip. The script is loaded once ({@code SCRIPT LOAD}) and
 * called by its digest ({@code EVALSHA}), or sent whole ({@code EVAL}) when Redis has lost it.
 *
 * <p>A bucket is a hash under {@code <prefix><bucket key>} (default prefix
 * {@value #DEFAULT_PREFIX}); a full bucket is deleted, since an absent key reads as full. A
 * refilling bucket expires one window after it would be full again, so an expiry never forgets a
 * debt. A bucket that never refills (concurrency) holding units is kept {@link #HELD_TTL} past its
 * last reservation or release: a live request never loses its unit, and the units of a gateway
 * that died come back once the bucket has been idle that long. Every key of a call must live on
 * one node: on Redis Cluster, give the prefix a hash tag ({@code gantry:limits:{l}:}).
 *
 * <p>When Redis does not answer (down, unreachable, or slower than the timeout), {@link FailMode}
 * decides: {@link FailMode#OPEN} admits (peek says full; adjust is dropped) and
 * {@link FailMode#CLOSED} fails the call with an {@link ErrorKind#INTERNAL} error. Either way
 * {@link #unanswered()} counts it and a warning is logged at most every
 * {@value #WARN_EVERY_SECONDS} s. A call that timed out may still have been applied by Redis
 * afterwards (a reservation then holds units nobody uses until they refill or expire).
 */
public final class RedisLimitStore implements LimitStore {

  /** What to do when Redis does not answer. */
  public enum FailMode {
    /** Admit: availability over the limits (a limit is not held while Redis is away). */
    OPEN,
    /** Refuse with an error: the limits over availability. */
    CLOSED
  }

  public static final String DEFAULT_PREFIX = "gantry:limits:";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
  /** How long a never-refilling bucket holding units is kept after its last change. */
  public static final Duration HELD_TTL = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(RedisLimitStore.class);
  private static final String SCRIPT = script("token-buckets.lua");
  private static final long WARN_EVERY_SECONDS = 5;
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(WARN_EVERY_SECONDS);

  private final Redis redis;
  private final FailMode failMode;
  private final String prefix;
  private final long timeoutMillis;
  private final AtomicLong unanswered = new AtomicLong();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
  private volatile Future<String> digest;

  /** A store under {@value #DEFAULT_PREFIX}, waiting {@link #DEFAULT_TIMEOUT} for answers. */
  public RedisLimitStore(Redis redis, FailMode failMode) {
    this(redis, failMode, DEFAULT_PREFIX, DEFAULT_TIMEOUT);
  }

  /**
   * @param redis the client, which {@link #close()} closes (see {@link #options} for its pool)
   * @param prefix put before each bucket key
   * @param timeout how long a call may wait for Redis before it counts as unanswered
   */
  public RedisLimitStore(Redis redis, FailMode failMode, String prefix, Duration timeout) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.failMode = Objects.requireNonNull(failMode, "failMode");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.timeoutMillis = timeout.toMillis();
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("the timeout must be at least 1 ms");
    }
  }

  /**
   * Client options for a store: a pool whose waiting queue holds a burst of concurrent calls (the
   * client's default of 24 waiters would refuse the rest, and fail-open would admit them).
   */
  public static RedisOptions options(String connectionString) {
    return new RedisOptions().setConnectionString(connectionString)
        .setMaxPoolSize(8).setMaxPoolWaiting(4096).setMaxWaitingHandlers(4096);
  }

  @Override
  public Future<Admission> reserve(List<Debit> debits) {
    List<Debit> merged = Debits.forReserve(debits);
    if (merged.isEmpty()) {
      return Future.succeededFuture(new Admission(true, null, 0, Map.of()));
    }
    return call("reserve", merged).map(reply -> admission(merged, reply))
        .recover(failure -> unanswered(failure, () -> admittedBlind(merged)));
  }

  @Override
  public Future<Void> adjust(List<Debit> corrections) {
    List<Debit> merged = Debits.merge(corrections);
    if (merged.isEmpty()) {
      return Future.succeededFuture();
    }
    return call("adjust", merged).<Void>mapEmpty()
        .recover(failure -> unanswered(failure, () -> null));
  }

  @Override
  public Future<Map<String, Long>> peek(List<Bucket> buckets) {
    List<Debit> named = Debits.merge(buckets.stream().map(b -> new Debit(b, 0)).toList());
    if (named.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return call("peek", named).map(reply -> units(named, reply, 0))
        .recover(failure -> unanswered(failure, () -> units(named, null, 0)));
  }

  @Override
  public Future<Void> close() {
    return redis.close();
  }

  /** How many operations Redis did not answer (admitted when fail-open, failed when closed). */
  public long unanswered() {
    return unanswered.get();
  }

  /** One script call: by digest, or the whole script when Redis has lost it. */
  private Future<Response> call(String op, List<Debit> debits) {
    return loaded()
        .compose(sha -> redis.send(request(Command.EVALSHA, sha, op, debits)))
        .recover(failure -> isNoScript(failure)
            ? redis.send(request(Command.EVAL, SCRIPT, op, debits))
            : Future.failedFuture(failure))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** The script's digest, loaded once; a failed load is tried again by the next call. */
  private Future<String> loaded() {
    Future<String> current = digest;
    if (current == null || current.failed()) {
      current = redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT))
          .map(Response::toString);
      digest = current;
    }
    return current;
  }

  private Request request(Command command, String script, String op, List<Debit> debits) {
    Request request = Request.cmd(command).arg(script).arg(debits.size());
    for (Debit d : debits) {
      request.arg(prefix + d.bucket().key());
    }
    request.arg(op).arg(HELD_TTL.toMillis());
    for (Debit d : debits) {
      request.arg(d.bucket().capacity()).arg(d.bucket().windowMillis()).arg(d.amount());
    }
    return request;
  }

  private static Admission admission(List<Debit> debits, Response reply) {
    boolean admitted = reply.get(0).toInteger() == 1;
    int limiting = reply.get(1).toInteger();
    return new Admission(admitted, limiting == 0 ? null : debits.get(limiting - 1).bucket().key(),
        reply.get(2).toLong(), units(debits, reply, 3));
  }

  /** Units per bucket from the reply at {@code from}, or as full buckets when there is none. */
  private static Map<String, Long> units(List<Debit> debits, Response reply, int from) {
    Map<String, Long> units = new HashMap<>();
    for (int i = 0; i < debits.size(); i++) {
      Bucket b = debits.get(i).bucket();
      units.put(b.key(), reply == null ? b.capacity() : reply.get(from + i).toLong());
    }
    return Map.copyOf(units);
  }

  /** Fail-open's answer to a reservation: as if each bucket were full before it. */
  private static Admission admittedBlind(List<Debit> debits) {
    Map<String, Long> remaining = new HashMap<>();
    for (Debit d : debits) {
      remaining.put(d.bucket().key(), d.bucket().capacity() - d.amount());
    }
    return new Admission(true, null, 0, remaining);
  }

  /** Counts and logs a call Redis did not answer, then answers it as {@link FailMode} says. */
  private <T> Future<T> unanswered(Throwable failure, Supplier<T> open) {
    long count = unanswered.incrementAndGet();
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      LOG.warn("limits=redis outcome={} unanswered_total={} error=\"{}\"",
          failMode == FailMode.OPEN ? "admitted" : "refused", count, failure.toString());
    }
    if (failMode == FailMode.OPEN) {
      return Future.succeededFuture(open.get());
    }
    return Future.failedFuture(new GatewayException(ErrorKind.INTERNAL,
        "Rate limits cannot be checked right now (their store does not answer); try again later.",
        null, -1, failure));
  }

  private static boolean isNoScript(Throwable failure) {
    return failure instanceof Response && String.valueOf(failure.getMessage()).startsWith("NOSCRIPT");
  }

  private static String script(String name) {
    try (InputStream in = RedisLimitStore.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
