package dev.gantry.policies.pipeline;

import io.vertx.core.Future;

/** One step of the pipeline. It may end the exchange or call {@code next.proceed(exchange)}. */
@FunctionalInterface
public interface Stage {
  Future<Outcome> apply(Exchange exchange, Next next);
}
