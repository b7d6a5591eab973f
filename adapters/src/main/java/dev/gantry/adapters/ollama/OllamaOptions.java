package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.spi.GatewayException;
import java.util.List;

/**
 * Sampling controls to Ollama's {@code options} (Modelfile parameter names), plus the request
 * {@code extensions} Ollama understands. Of the fields Gantry does not model, only these are read:
 * {@code top_k}, {@code min_p}, {@code num_ctx}, {@code repeat_penalty} (into {@code options}) and
 * {@code think} (top level: a boolean or a level such as {@code "low"}). Every other extension is
 * ignored: Ollama's native API is not OpenAI-shaped, so passing OpenAI fields through would only
 * make it fail or silently ignore them.
 */
final class OllamaOptions {

  private static final List<String> INTEGER_OPTIONS = List.of("top_k", "num_ctx");
  private static final List<String> NUMBER_OPTIONS = List.of("min_p", "repeat_penalty");

  private OllamaOptions() {}

  /** The {@code options} object; empty when the client set nothing. */
  static ObjectNode options(GenerationParams params, ObjectNode extensions) {
    ObjectNode options = OllamaApi.JSON.createObjectNode();
    if (params.temperature() != null) {
      options.put("temperature", params.temperature());
    }
    if (params.topP() != null) {
      options.put("top_p", params.topP());
    }
    if (params.maxTokens() != null) {
      options.put("num_predict", params.maxTokens());
    }
    if (!params.stop().isEmpty()) {
      ArrayNode stop = options.putArray("stop");
      params.stop().forEach(stop::add);
    }
    if (params.seed() != null) {
      options.put("seed", params.seed());
    }
    if (params.presencePenalty() != null) {
      options.put("presence_penalty", params.presencePenalty());
    }
    if (params.frequencyPenalty() != null) {
      options.put("frequency_penalty", params.frequencyPenalty());
    }
    for (String name : INTEGER_OPTIONS) {
      copy(extensions, name, options, extensions.path(name).isIntegralNumber(), "an integer");
    }
    for (String name : NUMBER_OPTIONS) {
      copy(extensions, name, options, extensions.path(name).isNumber(), "a number");
    }
    return options;
  }

  /** Copies the {@code think} extension to the request's top level. */
  static void think(ObjectNode extensions, ObjectNode body) {
    JsonNode think = extensions.path("think");
    copy(extensions, "think", body, think.isBoolean() || think.isTextual(),
        "a boolean or a thinking level");
  }

  private static void copy(ObjectNode from, String name, ObjectNode to, boolean valid,
      String expected) {
    JsonNode value = from.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (!valid) {
      throw GatewayException.invalid("`" + name + "` must be " + expected + ".", name);
    }
    to.set(name, value);
  }
}
