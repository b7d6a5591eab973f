package dev.gantry.policies.routing;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ModelAlias;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Next;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Stage;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Finds the alias (404 when unknown, 403 when the caller's key may not use it) and checks it
 * serves this kind of call; {@link Failover} then chooses among its deployments.
 */
public final class ResolveRoute implements Stage {

  private final Supplier<ModelCatalog> catalog;

  public ResolveRoute(Supplier<ModelCatalog> catalog) {
    this.catalog = catalog;
  }

  @Override
  public Future<Outcome> apply(Exchange exchange, Next next) {
    ApiCall call = exchange.call();
    ModelCatalog models = catalog.get();
    ModelAlias alias = models.alias(call.model())
        .orElseThrow(() -> GatewayException.modelNotFound(call.model()));
    if (exchange.principal().isPresent() && !exchange.principal().get().allows(alias.name())) {
      throw new GatewayException(ErrorKind.PERMISSION,
          "This API key is not allowed to use the model `" + alias.name() + "`.", "model", -1, null);
    }
    if (alias.kind() != call.kind()) {
      throw GatewayException.invalid("The model `" + alias.name() + "` is " + describe(alias)
          + " and cannot serve " + call.operationName() + " requests.", "model");
    }
    exchange.alias(alias);
    return next.proceed(exchange);
  }

  private static String describe(ModelAlias alias) {
    switch (alias.kind()) {
      case EMBEDDINGS:
        return "an embeddings model";
      case IMAGES:
        return "an image generation model";
      default:
        return "a chat model";
    }
  }
}
