package dev.gantry.policies.pipeline;

import io.vertx.core.Future;

/** The rest of the pipeline after the current stage. */
@FunctionalInterface
public interface Next {
  Future<Outcome> proceed(Exchange exchange);
}
