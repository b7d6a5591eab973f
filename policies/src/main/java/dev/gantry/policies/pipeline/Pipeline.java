package dev.gantry.policies.pipeline;

import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Future;
import java.util.List;

/**
 * An ordered list of stages. Running it calls the first stage with a {@link Next} that runs the
 * second, and so on; the last stage must not call {@code next}.
 */
public final class Pipeline {

  private final List<Stage> stages;

  public Pipeline(List<Stage> stages) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least one stage");
    }
    this.stages = List.copyOf(stages);
  }

  public List<Stage> stages() {
    return stages;
  }

  public Future<Outcome> run(Exchange exchange) {
    return step(0, exchange);
  }

  private Future<Outcome> step(int index, Exchange exchange) {
    if (index == stages.size()) {
      return Future.failedFuture(GatewayException.from(
          new IllegalStateException("the last pipeline stage called next")));
    }
    try {
      return stages.get(index).apply(exchange, ex -> step(index + 1, ex));
    } catch (RuntimeException e) {
      return Future.failedFuture(GatewayException.from(e));
    }
  }
}
