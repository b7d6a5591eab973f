package dev.gantry.adapters.openai;

import java.util.Objects;

/**
 * What the gateway stamps on every response and chunk it emits: its own id (not the provider's),
 * the creation time in Unix seconds, and the model name the client asked for.
 */
public record ResponseMeta(String id, long created, String model) {
  public ResponseMeta {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
  }
}
