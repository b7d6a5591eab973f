package dev.gantry.config;

import java.util.List;
import java.util.Objects;

/**
 * A model name clients send, served by one or more deployments.
 *
 * @param description shown in {@code /v1/models} listings' {@code owned_by}, or null
 * @param tokenizer how its tokens are counted (an estimate when not configured)
 * @param routing how calls spread over the deployments and ride out failures
 * @param fallbacks other aliases to try when every deployment failed
 * @param limits limits of the alias across all its callers
 * @param cache how it uses the response cache
 * @param fineTuning where its fine-tuning jobs run, or null when it cannot be fine-tuned
 */
public record ModelAlias(String name, ModelKind kind, List<Deployment> deployments,
    String description, TokenizerSpec tokenizer, Routing routing, Fallbacks fallbacks,
    Limits limits, CachePolicy cache, FineTuningTarget fineTuning) {
  public ModelAlias {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    deployments = List.copyOf(deployments);
    tokenizer = tokenizer == null ? TokenizerSpec.ESTIMATE : tokenizer;
    routing = routing == null ? Routing.DEFAULTS : routing;
    fallbacks = fallbacks == null ? Fallbacks.NONE : fallbacks;
    limits = limits == null ? Limits.NONE : limits;
    cache = cache == null ? CachePolicy.INHERIT : cache;
  }

  /** An alias that cannot be fine-tuned. */
  public ModelAlias(String name, ModelKind kind, List<Deployment> deployments,
      String description, TokenizerSpec tokenizer, Routing routing, Fallbacks fallbacks,
      Limits limits, CachePolicy cache) {
    this(name, kind, deployments, description, tokenizer, routing, fallbacks, limits, cache,
        null);
  }

  /** An alias using the cache as configured globally. */
  public ModelAlias(String name, ModelKind kind, List<Deployment> deployments,
      String description, TokenizerSpec tokenizer, Routing routing, Fallbacks fallbacks,
      Limits limits) {
    this(name, kind, deployments, description, tokenizer, routing, fallbacks, limits, null);
  }

  /** An alias without limits of its own. */
  public ModelAlias(String name, ModelKind kind, List<Deployment> deployments,
      String description, TokenizerSpec tokenizer, Routing routing, Fallbacks fallbacks) {
    this(name, kind, deployments, description, tokenizer, routing, fallbacks, null);
  }

  /** An alias with the default routing and no fallbacks. */
  public ModelAlias(String name, ModelKind kind, List<Deployment> deployments,
      String description, TokenizerSpec tokenizer) {
    this(name, kind, deployments, description, tokenizer, null, null);
  }

  /** An alias whose tokens are estimated, with the default routing and no fallbacks. */
  public ModelAlias(String name, ModelKind kind, List<Deployment> deployments,
      String description) {
    this(name, kind, deployments, description, null);
  }
}
