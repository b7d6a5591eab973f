package dev.gantry.adapters.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An embeddings request. The wire encoding ({@code float|base64}) is the gateway's business:
 * adapters always return floats.
 *
 * @param dimensions the requested output size, or null for the model's own
 * @param user or null
 */
public record EmbeddingRequest(String model, EmbeddingInput input, Integer dimensions, String user,
    ObjectNode extensions) {

  public EmbeddingRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    extensions = extensions == null ? JsonNodeFactory.instance.objectNode() : extensions;
  }

  public static EmbeddingRequest ofTexts(String model, java.util.List<String> texts) {
    return new EmbeddingRequest(model, new EmbeddingInput.Texts(texts), null, null, null);
  }
}
