package dev.gantry.adapters.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs calls with at most {@code limit} in flight and collects their results in call order; the
 * first failure fails the whole, and calls not yet started are then never started. Confined to
 * the caller's context (the futures complete there), so it needs no locking.
 */
public final class Fanout<T> {

  private final List<Supplier<Future<T>>> calls;
  private final List<T> results;
  private final Promise<List<T>> done = Promise.promise();
  private int next;
  private int finished;

  private Fanout(List<Supplier<Future<T>>> calls) {
    this.calls = calls;
    this.results = new ArrayList<>(Collections.nCopies(calls.size(), null));
  }

  public static <T> Future<List<T>> all(List<Supplier<Future<T>>> calls, int limit) {
    if (calls.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Fanout<T> run = new Fanout<>(calls);
    for (int i = 0; i < Math.min(Math.max(1, limit), calls.size()); i++) {
      run.launch();
    }
    return run.done.future();
  }

  private void launch() {
    int index = next++;
    Future<T> call;
    try {
      call = calls.get(index).get();
    } catch (RuntimeException e) {
      call = Future.failedFuture(e);
    }
    call.onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(ar.cause());
        return;
      }
      results.set(index, ar.result());
      if (++finished == calls.size()) {
        done.tryComplete(results);
      } else if (next < calls.size() && !done.future().isComplete()) {
        launch();
      }
    });
  }
}
