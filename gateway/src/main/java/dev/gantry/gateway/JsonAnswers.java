package dev.gantry.gateway;

import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * Answers a request with the JSON object its work produces, or with the OpenAI error its work
 * failed with (thrown at once or failed later alike), carrying the request id either way.
 */
public final class JsonAnswers {

  private JsonAnswers() {}

  /** Answers with the response's status as the work left it (200 unless it set another). */
  public static void answer(RoutingContext ctx, Supplier<Future<JsonObject>> work) {
    answer(ctx, 0, work);
  }

  /** {@link #answer(RoutingContext, Supplier)} with {@code status} on success (201 for a create). */
  public static void answer(RoutingContext ctx, int status, Supplier<Future<JsonObject>> work) {
    String requestId = RequestIds.of(ctx);
    Future<JsonObject> answer;
    try {
      answer = work.get();
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(ar -> {
      if (ar.succeeded()) {
        if (status != 0) {
          ctx.response().setStatusCode(status);
        }
        ctx.response().putHeader("content-type", "application/json")
            .putHeader(RequestIds.HEADER, requestId).end(ar.result().toBuffer());
      } else {
        HttpErrors.send(ctx, GatewayException.from(ar.cause()), requestId);
      }
    });
  }
}
