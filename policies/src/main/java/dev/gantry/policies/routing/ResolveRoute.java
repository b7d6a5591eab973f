package dev.gantry.policies.routing;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ModelAlias;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Next;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Stage;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds the alias (404 when unknown, 403 when the caller's key may not use it), checks the alias
 * serves this kind of call, picks the first healthy deployment, and refuses up front what that
 * deployment's provider cannot do.
 */
public final class ResolveRoute implements Stage {

  private final Supplier<ModelCatalog> catalog;
  private final DeploymentHealth health;

  public ResolveRoute(Supplier<ModelCatalog> catalog, DeploymentHealth health) {
    this.catalog = catalog;
    this.health = health;
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
    Route route = choose(models.routes(alias.name()));
    checkCapabilities(call, route.adapter().capabilities());
    exchange.route(route);
    return next.proceed(exchange);
  }

  private Route choose(List<Route> routes) {
    for (Route r : routes) {
      if (health.healthy(r.deploymentLabel())) {
        return r;
      }
    }
    return routes.get(0);
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

  private static void checkCapabilities(ApiCall call, Set<Capability> caps) {
    if (call instanceof ApiCall.Chat) {
      ChatRequest r = ((ApiCall.Chat) call).request();
      require(caps, Capability.CHAT, "chat completions", "model");
      if (r.stream()) {
        require(caps, Capability.CHAT_STREAM, "streaming", "stream");
      }
      if (!r.tools().isEmpty()) {
        require(caps, Capability.TOOLS, "tools", "tools");
      }
      if (r.hasImages()) {
        require(caps, Capability.VISION, "image inputs", "messages");
      }
      if (r.responseFormat() != null && r.responseFormat().type() == ResponseFormat.Type.JSON_SCHEMA) {
        require(caps, Capability.JSON_SCHEMA, "response_format json_schema", "response_format");
      }
      if (r.params().wantsLogprobs()) {
        require(caps, Capability.LOGPROBS, "logprobs", "logprobs");
      }
    } else if (call instanceof ApiCall.Completion) {
      require(caps, Capability.COMPLETIONS, "text completions (/v1/completions)", "model");
    } else if (call instanceof ApiCall.Embeddings) {
      require(caps, Capability.EMBEDDINGS, "embeddings", "model");
    } else if (call instanceof ApiCall.Images) {
      require(caps, Capability.IMAGES, "image generation", "model");
    }
  }

  private static void require(Set<Capability> caps, Capability needed, String what, String param) {
    if (!caps.contains(needed)) {
      throw GatewayException.unsupported(
          "The deployment serving this model does not support " + what + ".", param);
    }
  }
}
