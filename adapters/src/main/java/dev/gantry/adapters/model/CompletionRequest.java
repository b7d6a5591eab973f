package dev.gantry.adapters.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A legacy text completion ({@code /v1/completions}).
 *
 * @param prompt as the client sent it: a string, strings, token ids or arrays of token ids
 */
public record CompletionRequest(String model, JsonNode prompt, GenerationParams params,
    boolean stream, boolean includeUsage, String user, ObjectNode extensions) {

  public CompletionRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    params = params == null ? GenerationParams.DEFAULTS : params;
    extensions = extensions == null ? JsonNodeFactory.instance.objectNode() : extensions;
  }
}
