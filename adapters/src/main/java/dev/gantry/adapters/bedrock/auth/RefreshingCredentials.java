package dev.gantry.adapters.bedrock.auth;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Credentials from an AWS provider (profile files, the default chain), whose
 * {@code resolveCredentials()} may read files or call a metadata endpoint: it only ever runs on
 * the worker pool, one resolution at a time, shared by every caller waiting for it.
 *
 * <p>Timing, from the resolution at {@code t} of credentials expiring at {@code e}:
 * <ul>
 *   <li>from {@code max(e - 5 min, t + 10 s)} a call starts a background refresh and still gets
 *       the current credentials at once;
 *   <li>from {@code e - 30 s} (or {@code e}, for credentials that came with less than 40 s to live)
 *       calls wait for the refresh;
 *   <li>credentials without an expiry are resolved once;
 *   <li>a failure (or credentials already expired) is returned to every call for 10 s, then the
 *       next call tries again, so a misconfigured provider does not flood the pool.
 * </ul>
 */
final class RefreshingCredentials {

  static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
  static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(RefreshingCredentials.class);

  private final WorkerExecutor worker;
  private final Supplier<? extends AwsCredentialsProvider> factory;
  private final Clock clock;
  private final String source;
  private final String failureMessage;
  /** Created on the worker by the first resolution (creating some providers reads files). */
  private volatile AwsCredentialsProvider provider;
  /** The last outcome, or null before the first one completes. Guarded by {@code this}. */
  private State last;
  /** The resolution in flight, or null. Guarded by {@code this}. */
  private Future<State> pending;

  /**
   * @param factory creates the provider; called once, on the worker
   * @param source where credentials are looked for, for logs
   * @param checked the same, as safe to show to clients: "no AWS credentials found (checked: ...)"
   */
  RefreshingCredentials(WorkerExecutor worker, Supplier<? extends AwsCredentialsProvider> factory,
      Clock clock, String source, String checked) {
    this.worker = worker;
    this.factory = factory;
    this.clock = clock;
    this.source = source;
    this.failureMessage = "no AWS credentials found (checked: " + checked + ").";
  }

  Future<BedrockAuth> current() {
    Instant now = clock.instant();
    State known;
    Future<State> waiting;
    synchronized (this) {
      // Read what we have before starting a refresh: a fast refresh may settle on a worker
      // before this block ends, and a caller inside the refresh window is served at once.
      known = last;
      if (pending == null && (last == null || !now.isBefore(last.refreshAt))) {
        startRefresh();
      }
      // null when the refresh just started has already settled (a very fast provider)
      waiting = pending != null ? pending : Future.succeededFuture(last);
    }
    if (known != null && now.isBefore(known.usableUntil)) {
      return known.outcome();
    }
    Future<BedrockAuth> outcome = waiting.compose(State::outcome);
    Context caller = Vertx.currentContext();
    return caller == null ? outcome : onContext(outcome, caller);
  }

  /**
   * A shared resolution completes on the context of the caller that started it; every other caller
   * continues on its own context (its event loop), as if it had started the resolution itself.
   */
  private static <T> Future<T> onContext(Future<T> future, Context context) {
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> context.runOnContext(v -> promise.handle(ar)));
    return promise.future();
  }

  /** Closes the provider (on the worker), then the worker pool. */
  Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      AwsCredentialsProvider created = provider;
      if (created instanceof AutoCloseable) {
        ((AutoCloseable) created).close();
      }
      return null;
    }, false).eventually(worker::close);
  }

  /** Caller holds the lock. */
  private void startRefresh() {
    Future<State> refresh = worker.executeBlocking(this::resolve, false)
        .otherwise(t -> failed(t, clock.instant()));
    pending = refresh;
    refresh.onSuccess(state -> settle(refresh, state));
  }

  private synchronized void settle(Future<State> refresh, State state) {
    last = state;
    if (pending == refresh) {
      pending = null;
    }
  }

  /** Runs on the worker. */
  private State resolve() {
    AwsCredentialsIdentity credentials;
    try {
      AwsCredentialsProvider p = provider;
      if (p == null) {
        p = factory.get();
        provider = p;
      }
      credentials = p.resolveCredentials();
    } catch (RuntimeException e) {
      return failed(e, clock.instant());
    }
    Instant now = clock.instant();
    Optional<Instant> expiry = credentials.expirationTime();
    if (expiry.isEmpty()) {
      return new State(Future.succeededFuture(new BedrockAuth.SigV4(credentials)), Instant.MAX,
          Instant.MAX);
    }
    Instant expires = expiry.get();
    if (!now.isBefore(expires)) {
      LOG.warn("aws credentials expired source={} expiredAt={}", source, expires);
      return failedState(now);
    }
    Instant usableUntil = expires.minus(EXPIRY_MARGIN);
    if (!usableUntil.isAfter(now.plus(MIN_INTERVAL))) {
      usableUntil = expires;
    }
    Instant refreshAt = latest(expires.minus(REFRESH_AHEAD), now.plus(MIN_INTERVAL));
    if (refreshAt.isAfter(usableUntil)) {
      refreshAt = usableUntil;
    }
    return new State(Future.succeededFuture(new BedrockAuth.SigV4(credentials)), refreshAt,
        usableUntil);
  }

  private State failed(Throwable t, Instant now) {
    // SDK messages say why each place was empty and never carry key material
    LOG.warn("aws credentials unavailable source={} error={}", source, t.toString());
    return failedState(now);
  }

  private State failedState(Instant now) {
    Instant retryAt = now.plus(MIN_INTERVAL);
    return new State(Future.failedFuture(
        new GatewayException(ErrorKind.UPSTREAM_ERROR, failureMessage)), retryAt, retryAt);
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * One resolution's outcome: the credentials or the failure, when the next call should start a
   * refresh, and until when this outcome is returned without waiting.
   */
  private record State(Future<BedrockAuth> outcome, Instant refreshAt, Instant usableUntil) { }
}
