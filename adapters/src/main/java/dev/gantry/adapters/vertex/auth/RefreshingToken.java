package dev.gantry.adapters.vertex.auth;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
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
import java.util.Date;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth access tokens minted by google-auth {@link GoogleCredentials}, whose
 * {@code refreshAccessToken()} calls a token endpoint or the metadata server: it only ever runs on
 * the worker pool, one mint at a time, shared by every caller waiting for it.
 *
 * <p>google-auth dates a token by the system clock; its lifetime (expiry minus the system time
 * when it was minted) is laid on the injected {@link Clock}, which alone decides when to refresh.
 * Timing, from a mint at {@code t} of a token expiring at {@code e}:
 * <ul>
 *   <li>from {@code max(e - 5 min, t + 10 s)} a call starts a background refresh and still gets
 *       the current token at once;
 *   <li>from {@code e - 30 s} (or {@code e}, for tokens that came with less than 40 s to live)
 *       calls wait for the refresh;
 *   <li>a token without an expiry is minted once;
 *   <li>a failure (or a token already expired) is returned to every call for 10 s, then the next
 *       call tries again, so a misconfigured account does not flood the pool or the endpoint.
 * </ul>
 */
final class RefreshingToken {

  static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
  static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(RefreshingToken.class);

  private final WorkerExecutor worker;
  private final Callable<GoogleCredentials> factory;
  private final Clock clock;
  private final String source;
  private final String failureMessage;
  /** Created on the worker by the first mint (ADC reads files and may probe the network). */
  private volatile GoogleCredentials credentials;
  /** The last outcome, or null before the first one completes. Guarded by {@code this}. */
  private State last;
  /** The mint in flight, or null. Guarded by {@code this}. */
  private Future<State> pending;

  /**
   * @param factory creates the (scoped) credentials; called on the worker until it succeeds
   * @param source where the token comes from, for logs
   * @param checked the same, safe to show to clients: "no Google credentials available (checked:
   *     ...)"
   */
  RefreshingToken(WorkerExecutor worker, Callable<GoogleCredentials> factory, Clock clock,
      String source, String checked) {
    this.worker = worker;
    this.factory = factory;
    this.clock = clock;
    this.source = source;
    this.failureMessage = "no Google credentials available (checked: " + checked + ").";
  }

  Future<String> current() {
    Instant now = clock.instant();
    State known;
    Future<State> waiting;
    synchronized (this) {
      // Read what we have before starting a refresh: a fast mint may settle on a worker before
      // this block ends, and a caller inside the refresh window is served at once.
      known = last;
      if (pending == null && (last == null || !now.isBefore(last.refreshAt))) {
        startRefresh();
      }
      // null when the mint just started has already settled
      waiting = pending != null ? pending : Future.succeededFuture(last);
    }
    if (known != null && now.isBefore(known.usableUntil)) {
      return known.outcome();
    }
    Future<String> outcome = waiting.compose(State::outcome);
    Context caller = Vertx.currentContext();
    return caller == null ? outcome : onContext(outcome, caller);
  }

  /**
   * A shared mint completes on the context of the caller that started it; every other caller
   * continues on its own context (its event loop), as if it had started the mint itself.
   */
  private static <T> Future<T> onContext(Future<T> future, Context context) {
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> context.runOnContext(v -> promise.handle(ar)));
    return promise.future();
  }

  /** Releases the worker pool. */
  Future<Void> close() {
    return worker.close();
  }

  /** Caller holds the lock. */
  private void startRefresh() {
    Future<State> refresh = worker.executeBlocking(this::mint, false)
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
  private State mint() {
    AccessToken token;
    long mintedAtMillis;
    try {
      GoogleCredentials c = credentials;
      if (c == null) {
        c = factory.call();
        credentials = c;
      }
      token = c.refreshAccessToken();
      mintedAtMillis = System.currentTimeMillis();
    } catch (Exception e) {
      return failed(e, clock.instant());
    }
    Instant now = clock.instant();
    Date expiry = token.getExpirationTime();
    if (expiry == null) {
      return new State(Future.succeededFuture(token.getTokenValue()), Instant.MAX, Instant.MAX);
    }
    Instant expires = now.plusMillis(expiry.getTime() - mintedAtMillis);
    if (!now.isBefore(expires)) {
      LOG.warn("google token expired on arrival source={}", source);
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
    return new State(Future.succeededFuture(token.getTokenValue()), refreshAt, usableUntil);
  }

  private State failed(Throwable t, Instant now) {
    // google-auth messages name the file, endpoint or OAuth error, never key or token material
    LOG.warn("google credentials unavailable source={} error={}", source, t.toString());
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
   * One mint's outcome: the token or the failure, when the next call should start a refresh, and
   * until when this outcome is returned without waiting.
   */
  private record State(Future<String> outcome, Instant refreshAt, Instant usableUntil) { }
}
