package dev.gantry.policies.routing;

import dev.gantry.adapters.spi.Cancellation;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Next;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Stage;
import io.vertx.core.Future;

/**
 * The last stage: calls the deployment {@link Failover} chose for this attempt and times the wait
 * on the provider.
 */
public final class Invoke implements Stage {

  @Override
  public Future<Outcome> apply(Exchange exchange, Next next) {
    Route route = exchange.route().orElseThrow(() -> new IllegalStateException("no route"));
    long started = System.nanoTime();
    Future<Outcome> outcome;
    try {
      outcome = call(exchange.call(), route, exchange.requestId(), exchange::onCancel);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(GatewayException.from(e));
    }
    return outcome.andThen(ar -> exchange.addUpstreamNanos(System.nanoTime() - started));
  }

  /**
   * Calls {@code route}'s adapter for {@code call} (also used to mirror calls to shadows), the
   * upstream request aborted when {@code cancellation} says the client went away.
   */
  static Future<Outcome> call(ApiCall call, Route route, String requestId,
      Cancellation cancellation) {
    ProviderAdapter adapter = route.adapter();
    String model = route.deployment().model();
    java.util.Map<String, String> options = route.deployment().options();
    if (call instanceof ApiCall.Chat) {
      ApiCall.Chat chat = (ApiCall.Chat) call;
      Invocation<dev.gantry.adapters.model.ChatRequest> inv =
          new Invocation<>(chat.request(), model, options, requestId, route.timeout(),
              cancellation);
      return chat.streaming()
          ? adapter.streamChat(inv).map(Outcome::streaming)
          : adapter.chat(inv).map(Outcome::completed);
    }
    if (call instanceof ApiCall.Completion) {
      ApiCall.Completion c = (ApiCall.Completion) call;
      Invocation<dev.gantry.adapters.model.CompletionRequest> inv =
          new Invocation<>(c.request(), model, options, requestId, route.timeout(),
              cancellation);
      return c.streaming()
          ? adapter.streamComplete(inv).map(Outcome::streaming)
          : adapter.complete(inv).map(Outcome::completed);
    }
    if (call instanceof ApiCall.Embeddings) {
      return adapter.embed(new Invocation<>(((ApiCall.Embeddings) call).request(), model,
          options, requestId, route.timeout(), cancellation)).map(Outcome::completed);
    }
    return adapter.generateImages(new Invocation<>(((ApiCall.Images) call).request(), model,
        options, requestId, route.timeout(), cancellation)).map(Outcome::completed);
  }
}
