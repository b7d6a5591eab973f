package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.spi.GatewayException;
import java.util.List;

/**
 * Sampling, output format and tools → Gemini {@code generationConfig}, {@code tools} and
 * {@code toolConfig} (providers.md §3.2). Only what the client set is sent.
 *
 * <ul>
 *   <li>temperature, top_p, max_tokens ({@code maxOutputTokens}), stop ({@code stopSequences}),
 *       n ({@code candidateCount}), seed, presence and frequency penalties map one to one;
 *       logprobs are refused (the answer's logprobs are not translated).
 *   <li>{@code json_object} sets {@code responseMimeType: application/json}; {@code json_schema}
 *       also sets {@code responseJsonSchema}, which takes the client's JSON Schema as it is (the
 *       older {@code responseSchema} takes only an OpenAPI subset and rejects e.g.
 *       {@code additionalProperties}).
 *   <li>Tools are one {@code functionDeclarations} entry each with {@code parametersJsonSchema}
 *       (full JSON Schema, for the same reason); tool_choice auto/none/required → mode
 *       AUTO/NONE/ANY, a named function → ANY with {@code allowedFunctionNames}.
 * </ul>
 */
final class GeminiConfig {

  private GeminiConfig() {}

  /** The {@code generationConfig}, or null when nothing is set. */
  static ObjectNode generationConfig(GenerationParams p, ResponseFormat format) {
    if (p.wantsLogprobs()) {
      throw GatewayException.unsupported("logprobs are not supported for Gemini deployments.",
          "logprobs");
    }
    ObjectNode c = GeminiJson.object();
    if (p.temperature() != null) {
      c.put("temperature", p.temperature());
    }
    if (p.topP() != null) {
      c.put("topP", p.topP());
    }
    if (p.maxTokens() != null) {
      c.put("maxOutputTokens", p.maxTokens());
    }
    if (!p.stop().isEmpty()) {
      ArrayNode stops = c.putArray("stopSequences");
      p.stop().forEach(stops::add);
    }
    if (p.n() != null) {
      c.put("candidateCount", p.n());
    }
    if (p.seed() != null) {
      c.put("seed", p.seed());
    }
    if (p.presencePenalty() != null) {
      c.put("presencePenalty", p.presencePenalty());
    }
    if (p.frequencyPenalty() != null) {
      c.put("frequencyPenalty", p.frequencyPenalty());
    }
    if (format != null && format.type() != ResponseFormat.Type.TEXT) {
      c.put("responseMimeType", "application/json");
      if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
        c.set("responseJsonSchema", format.schema());
      }
    }
    return c.isEmpty() ? null : c;
  }

  /** The {@code tools}, or null when there are none. */
  static ArrayNode tools(List<ToolDefinition> tools) {
    if (tools.isEmpty()) {
      return null;
    }
    ArrayNode out = GeminiJson.JSON.createArrayNode();
    ArrayNode declarations = out.addObject().putArray("functionDeclarations");
    for (ToolDefinition t : tools) {
      ObjectNode d = declarations.addObject();
      d.put("name", t.name());
      if (t.description() != null) {
        d.put("description", t.description());
      }
      if (t.parameters() != null && !t.parameters().isNull()) {
        d.set("parametersJsonSchema", t.parameters());
      }
    }
    return out;
  }

  /**
   * The {@code toolConfig}, or null when the client did not choose or gave no tools.
   *
   * @throws GatewayException INVALID_REQUEST when the named function is not among the tools
   */
  static ObjectNode toolConfig(ToolChoice choice, List<ToolDefinition> tools) {
    if (choice == null || tools.isEmpty()) {
      return null;
    }
    ObjectNode config = GeminiJson.object();
    ObjectNode calling = config.putObject("functionCallingConfig");
    switch (choice.mode()) {
      case NONE:
        calling.put("mode", "NONE");
        break;
      case REQUIRED:
        calling.put("mode", "ANY");
        break;
      case FUNCTION:
        if (tools.stream().noneMatch(t -> t.name().equals(choice.function()))) {
          throw GatewayException.invalid("tool_choice names `" + choice.function()
              + "`, which is not among the tools.", "tool_choice");
        }
        calling.put("mode", "ANY");
        calling.putArray("allowedFunctionNames").add(choice.function());
        break;
      default:
        calling.put("mode", "AUTO");
        break;
    }
    return config;
  }
}
