package dev.gantry.adapters.huggingface;

import dev.gantry.adapters.http.ErrorMapper;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * Calls again, within the request's deadline, an endpoint that answers 503 while it starts: a
 * scaled-to-zero Inference Endpoint ("the proxy will respond with the status code 503 while the
 * new replica is initializing", HF's autoscaling guide) or a model still loading (the serverless
 * API's {@code {"error":"Model X is currently loading","estimated_time":577.3}}).
 *
 * <p>After a 503 it waits, on a Vert.x timer, the answer's {@code estimated_time}, else its
 * {@code Retry-After}, else a backoff (1s, doubling), at least 100 ms and never more than
 * {@code maxWait}; then it calls again with what is left of the deadline. When the next wait
 * would leave less than 100 ms before the deadline (or a call again runs out of time) it stops
 * and fails with a retryable UPSTREAM_UNAVAILABLE saying the endpoint is still starting. Any
 * other outcome (success, another error, a first call's timeout) is the call's. A stream is
 * covered only until its response headers: once a 2xx arrived the attempt succeeded, so nothing
 * after the first byte is ever repeated.
 */
final class ColdStart {

  private static final long FIRST_BACKOFF_MILLIS = 1_000;
  /** The shortest wait, so that an answer saying "now" ({@code Retry-After: 0}) is no busy loop. */
  private static final long MIN_WAIT_MILLIS = 100;

  private final Vertx vertx;
  private final long maxWaitMillis;

  ColdStart(Vertx vertx, Duration maxWait) {
    this.vertx = vertx;
    this.maxWaitMillis = Math.max(1, maxWait.toMillis());
  }

  /** The deadline, as a {@link System#nanoTime()} instant, of a call with this budget. */
  static long deadline(Duration budget) {
    return System.nanoTime() + budget.toNanos();
  }

  /**
   * Makes the call, repeating it while the endpoint starts.
   *
   * @param deadline when the whole must be done, from {@link #deadline(Duration)}
   * @param attempt one call, given the time left and the error mapper it must use for non-2xx
   *     answers (so that a 503 is seen here)
   * @param errors the provider's error mapper
   */
  <T> Future<T> call(long deadline, BiFunction<Duration, ErrorMapper, Future<T>> attempt,
      ErrorMapper errors) {
    return new Run<>(deadline, attempt, errors).start();
  }

  /** One call's attempts; confined to the caller's context. */
  private final class Run<T> {
    private final long deadline;
    private final BiFunction<Duration, ErrorMapper, Future<T>> attempt;
    private final ErrorMapper errors;
    private final Promise<T> result = Promise.promise();
    private long backoffMillis = Math.min(FIRST_BACKOFF_MILLIS, maxWaitMillis);
    private boolean starting;
    private boolean retried;
    private long hintMillis;

    Run(long deadline, BiFunction<Duration, ErrorMapper, Future<T>> attempt, ErrorMapper errors) {
      this.deadline = deadline;
      this.attempt = attempt;
      this.errors = errors;
    }

    Future<T> start() {
      next();
      return result.future();
    }

    private void next() {
      starting = false;
      Future<T> call;
      try {
        call = attempt.apply(Duration.ofMillis(Math.max(1, remainingMillis())), this::map);
      } catch (RuntimeException e) {
        call = Future.failedFuture(GatewayException.from(e));
      }
      call.onComplete(ar -> {
        if (ar.succeeded()) {
          result.complete(ar.result());
        } else if (starting) {
          retry(ar.cause());
        } else if (retried && GatewayException.from(ar.cause()).kind()
            == ErrorKind.UPSTREAM_TIMEOUT) {
          result.fail(stillStarting(ar.cause()));
        } else {
          result.fail(ar.cause());
        }
      });
    }

    private GatewayException map(UpstreamResponse response) {
      if (response.status() == 503) {
        starting = true;
        hintMillis = HuggingFaceErrors.waitHintMillis(response);
      }
      return errors.map(response);
    }

    private void retry(Throwable cause) {
      long wait = Math.min(Math.max(MIN_WAIT_MILLIS, hintMillis >= 0 ? hintMillis : backoffMillis),
          maxWaitMillis);
      backoffMillis = Math.min(backoffMillis * 2, maxWaitMillis);
      if (wait + MIN_WAIT_MILLIS >= remainingMillis()) {
        result.fail(stillStarting(cause));
        return;
      }
      retried = true;
      vertx.setTimer(wait, id -> next());
    }

    private GatewayException stillStarting(Throwable cause) {
      long retryAfter = hintMillis >= 0 ? (hintMillis + 999) / 1000 : -1;
      return new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE,
          "The Hugging Face endpoint is still starting (it answered 503: scaled to zero or"
              + " loading the model) and was not ready within the request's timeout; try again"
              + (retryAfter > 0 ? " in about " + retryAfter + " s." : " later."),
          null, retryAfter, cause);
    }

    private long remainingMillis() {
      return (deadline - System.nanoTime()) / 1_000_000;
    }
  }
}
