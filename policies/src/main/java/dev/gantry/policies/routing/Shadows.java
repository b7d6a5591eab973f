package dev.gantry.policies.routing;

import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.Cancellation;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ModelAlias;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Outcome;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Mirrors a share of an alias's requests to its shadow deployments: each mirrored call runs beside
 * the real one, as a whole (non-streamed) call, and its outcome is recorded on the shadow
 * deployment for comparison (admin API); it never touches the client's answer. A shadow whose
 * breaker is open is not called. Streamed legacy completions are not mirrored.
 */
public final class Shadows {

  /** Characters of a shadow's answer kept for comparison. */
  static final int PREVIEW = 200;

  private final Supplier<ModelCatalog> catalog;
  private final DeploymentStates states;
  private final Clock clock;
  private final Random random;

  Shadows(Supplier<ModelCatalog> catalog, DeploymentStates states, Clock clock, Random random) {
    this.catalog = catalog;
    this.states = states;
    this.clock = clock;
    this.random = random;
  }

  /** One mirrored call's outcome. */
  public record Result(long atMillis, String alias, boolean ok, String error, long millis,
      int promptTokens, int completionTokens, String preview) {}

  void mirror(ModelAlias alias, ApiCall call, String requestId) {
    ApiCall whole = whole(call);
    if (whole == null) {
      return;
    }
    for (Route route : catalog.get().routes(alias.name())) {
      int percent = route.deployment().shadowPercent();
      if (percent == 0 || random.nextDouble() * 100 >= percent) {
        continue;
      }
      DeploymentState state = states.of(route.deployment().label());
      if (!state.tryAcquire()) {
        continue;
      }
      long started = clock.millis();
      Future.succeededFuture().compose(v -> Invoke.call(whole, route, requestId + "-shadow",
          Cancellation.NONE))
          .onComplete(ar -> {
            long millis = clock.millis() - started;
            if (ar.succeeded()) {
              state.onSuccess(millis, false, true);
              state.recordShadow(success(alias, millis, ar.result()));
            } else {
              GatewayException e = GatewayException.from(ar.cause());
              state.onFailure(millis, e, true);
              state.recordShadow(new Result(clock.millis(), alias.name(), false,
                  e.kind().name().toLowerCase() + ": " + e.getMessage(), millis, 0, 0, null));
            }
            state.release();
          });
    }
  }

  private Result success(ModelAlias alias, long millis, Outcome outcome) {
    Object response = ((Outcome.Completed) outcome).response();
    Usage usage = null;
    String preview = null;
    if (response instanceof ChatResponse) {
      ChatResponse chat = (ChatResponse) response;
      usage = chat.usage();
      if (!chat.choices().isEmpty() && chat.choices().get(0).message() != null) {
        String text = chat.choices().get(0).message().text();
        preview = text.length() > PREVIEW ? text.substring(0, PREVIEW) : text;
      }
    }
    return new Result(clock.millis(), alias.name(), true, null, millis,
        usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens(),
        preview);
  }

  /** The call as a whole (non-streamed) one, or null when it cannot be mirrored. */
  private static ApiCall whole(ApiCall call) {
    if (call instanceof ApiCall.Chat) {
      ApiCall.Chat chat = (ApiCall.Chat) call;
      return chat.streaming() ? new ApiCall.Chat(chat.request().withStream(false, false)) : call;
    }
    return call.streaming() ? null : call;
  }
}
