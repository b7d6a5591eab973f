package dev.gantry.adapters.auth;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A credential fetched by a blocking {@link Source} (reading files, calling a token or metadata
 * endpoint): fetches only ever run on the worker pool, one at a time, shared by every caller
 * waiting for it, and each caller continues on its own context.
 *
 * <p>Timing, from a fetch at {@code t} of a value expiring at {@code e}:
 * <ul>
 *   <li>from {@code e - 5 min} (at most every 10 s) a call starts a background refresh and still
 *       gets the current value at once;
 *   <li>from {@code e - 30 s} (or {@code e}, for a value that came with less than 40 s to live)
 *       calls wait for the refresh;
 *   <li>a value without an expiry is fetched once;
 *   <li>a failure (or a value already expired) is returned to every call for 10 s, then the next
 *       call tries again, so a misconfigured source does not flood the pool or the endpoint.
 * </ul>
 *
 * @param <T> the credential
 */
public final class Refreshing<T> {

  static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
  static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(Refreshing.class);

  /** Where the credential comes from. Both methods run on the worker pool only. */
  public interface Source<T> {

    /** Fetches the credential; may block. */
    Fetched<T> fetch() throws Exception;

    /** Releases what {@link #fetch()} created (called once, at close). */
    default void close() throws Exception {}
  }

  /**
   * One fetched credential.
   *
   * @param expiresAt on the injected clock, or null when it does not expire
   */
  public record Fetched<T>(T value, Instant expiresAt) {}

  private final WorkerExecutor worker;
  private final Source<T> source;
  private final Clock clock;
  private final String description;
  private final String failureMessage;
  /** The last outcome, or null before the first one completes. Guarded by {@code this}. */
  private State<T> last;
  /** The fetch in flight, or null. Guarded by {@code this}. */
  private Future<State<T>> pending;

  /**
   * @param description what and where, for logs (e.g. "aws credentials source=profile dev")
   * @param failureMessage what a caller gets while the source fails; safe to show to clients
   */
  public Refreshing(WorkerExecutor worker, Source<T> source, Clock clock, String description,
      String failureMessage) {
    this.worker = worker;
    this.source = source;
    this.clock = clock;
    this.description = description;
    this.failureMessage = failureMessage;
  }

  public Future<T> current() {
    Instant now = clock.instant();
    State<T> known;
    Future<State<T>> waiting;
    synchronized (this) {
      // Read what we have before starting a refresh: a fast refresh may settle on a worker
      // before this block ends, and a caller inside the refresh window is served at once.
      known = last;
      if (pending == null && (last == null || !now.isBefore(last.refreshAt))) {
        startRefresh();
      }
      // null when the refresh just started has already settled (a very fast source)
      waiting = pending != null ? pending : Future.succeededFuture(last);
    }
    if (known != null && now.isBefore(known.usableUntil)) {
      return known.outcome();
    }
    Future<T> outcome = waiting.compose(State::outcome);
    Context caller = Vertx.currentContext();
    return caller == null ? outcome : onContext(outcome, caller);
  }

  /** Closes the source (on the worker), then the worker pool. */
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      source.close();
      return null;
    }, false).eventually(worker::close);
  }

  /**
   * A shared fetch completes on the context of the caller that started it; every other caller
   * continues on its own context (its event loop), as if it had started the fetch itself.
   */
  private static <T> Future<T> onContext(Future<T> future, Context context) {
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> context.runOnContext(v -> promise.handle(ar)));
    return promise.future();
  }

  /** Caller holds the lock. */
  private void startRefresh() {
    Future<State<T>> refresh = worker.executeBlocking(this::fetch, false)
        .otherwise(t -> failed(t, clock.instant()));
    pending = refresh;
    refresh.onSuccess(state -> settle(refresh, state));
  }

  private synchronized void settle(Future<State<T>> refresh, State<T> state) {
    last = state;
    if (pending == refresh) {
      pending = null;
    }
  }

  /** Runs on the worker. */
  private State<T> fetch() {
    Fetched<T> fetched;
    try {
      fetched = source.fetch();
    } catch (Exception e) {
      return failed(e, clock.instant());
    }
    Instant now = clock.instant();
    Future<T> value = Future.succeededFuture(fetched.value());
    Instant expires = fetched.expiresAt();
    if (expires == null) {
      return new State<>(value, Instant.MAX, Instant.MAX);
    }
    if (!now.isBefore(expires)) {
      LOG.warn("{} expired on arrival expiredAt={}", description, expires);
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
    return new State<>(value, refreshAt, usableUntil);
  }

  private State<T> failed(Throwable t, Instant now) {
    // the AWS and Google libraries' messages say why a place was empty, never key material
    LOG.warn("{} unavailable error={}", description, t.toString());
    return failedState(now);
  }

  private State<T> failedState(Instant now) {
    Instant retryAt = now.plus(MIN_INTERVAL);
    return new State<>(Future.failedFuture(
        new GatewayException(ErrorKind.UPSTREAM_ERROR, failureMessage)), retryAt, retryAt);
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * One fetch's outcome: the value or the failure, when the next call should start a refresh, and
   * until when this outcome is returned without waiting.
   */
  private record State<T>(Future<T> outcome, Instant refreshAt, Instant usableUntil) { }
}
