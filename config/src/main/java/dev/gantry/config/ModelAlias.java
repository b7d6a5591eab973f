package dev.gantry.config;

import java.util.List;
import java.util.Objects;

/**
 * A model name clients send, served by one or more deployments.
 *
 * @param description shown in {@code /v1/models} listings' {@code owned_by}, or null
 * @param tokenizer how its tokens are counted (an estimate when not configured)
 */
public record ModelAlias(String name, ModelKind kind, List<Deployment> deployments,
    String description, TokenizerSpec tokenizer) {
  public ModelAlias {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    deployments = List.copyOf(deployments);
    tokenizer = tokenizer == null ? TokenizerSpec.ESTIMATE : tokenizer;
  }

  /** An alias whose tokens are estimated. */
  public ModelAlias(String name, ModelKind kind, List<Deployment> deployments,
      String description) {
    this(name, kind, deployments, description, null);
  }
}
