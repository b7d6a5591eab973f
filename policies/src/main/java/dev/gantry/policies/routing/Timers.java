package dev.gantry.policies.routing;

import io.vertx.core.Vertx;

/** One-shot timers: Vert.x's in the gateway, a hand-driven clock's in tests. */
public interface Timers {

  /** Runs {@code task} after {@code millis} on the caller's context; returns an id to cancel. */
  long set(long millis, Runnable task);

  void cancel(long id);

  static Timers of(Vertx vertx) {
    return new Timers() {
      @Override
      public long set(long millis, Runnable task) {
        return vertx.setTimer(Math.max(1, millis), id -> task.run());
      }

      @Override
      public void cancel(long id) {
        vertx.cancelTimer(id);
      }
    };
  }
}
