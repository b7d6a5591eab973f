package dev.gantry.config;

import java.util.List;
import java.util.Objects;

/**
 * A model name clients send, served by one or more deployments.
 *
 * @param description shown in {@code /v1/models} listings' {@code owned_by}, or null
 */
public record ModelAlias(String name, ModelKind kind, List<Deployment> deployments,
    String description) {
  public ModelAlias {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    deployments = List.copyOf(deployments);
  }
}
