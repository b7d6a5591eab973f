package dev.gantry.adapters.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Resets a request that has not finished within its budget, and reports that as a timeout. */
final class Deadline {

  private final Vertx vertx;
  private final long timer;
  private final Duration budget;
  private boolean expired;

  Deadline(Vertx vertx, HttpClientRequest request, Duration budget) {
    this.vertx = vertx;
    this.budget = budget;
    this.timer = vertx.setTimer(Math.max(1, budget.toMillis()), id -> {
      expired = true;
      request.reset();
    });
  }

  /** Stops the clock; an outcome caused by the expiry becomes a {@link TimeoutException}. */
  <T> Future<T> finish(AsyncResult<T> outcome) {
    vertx.cancelTimer(timer);
    if (expired && outcome.failed()) {
      return Future.failedFuture(new TimeoutException("no answer within " + budget.toMillis() + " ms"));
    }
    return outcome.succeeded() ? Future.succeededFuture(outcome.result())
        : Future.failedFuture(outcome.cause());
  }
}
