package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Iterator;
import java.util.Map;

/**
 * Request extensions (fields the canonical model does not capture) → Converse
 * {@code additionalModelRequestFields}, the model-native document Bedrock passes through
 * (providers.md §1.2). Exactly these are mapped:
 *
 * <ul>
 *   <li>{@code top_k} (a positive integer): {@code {"inferenceConfig":{"topK":n}}} for Amazon Nova,
 *       {@code {"top_k":n}} for every other model (Anthropic, Mistral...); both forms come from real
 *       recordings.
 *   <li>{@code thinking} (Anthropic's object, e.g. {@code {"type":"enabled","budget_tokens":1024}}):
 *       sent as it is, which enables Claude's extended thinking.
 *   <li>{@code additionalModelRequestFields} (an object): Bedrock's own field, merged last, so a
 *       client can reach any model-native parameter; its keys win over the two above.
 * </ul>
 *
 * <p>Every other extension is dropped rather than passed on: models such as Claude reject unknown
 * keys here, and OpenAI-only fields ({@code parallel_tool_calls}, {@code reasoning_effort},
 * {@code store}, {@code metadata}...) have no Converse meaning.
 */
final class AdditionalModelFields {

  static final String PASS_THROUGH = "additionalModelRequestFields";

  private AdditionalModelFields() {}

  /** The {@code additionalModelRequestFields}, or null when nothing applies. */
  static ObjectNode of(ObjectNode extensions, String modelId) {
    ObjectNode out = ConverseJson.object();
    JsonNode topK = extensions.get("top_k");
    if (topK != null && !topK.isNull()) {
      if (!topK.canConvertToInt() || !topK.isIntegralNumber() || topK.intValue() < 1) {
        throw GatewayException.invalid("Invalid 'top_k': expected a positive integer.", "top_k");
      }
      if (ModelIds.isNova(modelId)) {
        out.putObject("inferenceConfig").put("topK", topK.intValue());
      } else {
        out.put("top_k", topK.intValue());
      }
    }
    JsonNode thinking = extensions.get("thinking");
    if (thinking != null && !thinking.isNull()) {
      if (!thinking.isObject()) {
        throw GatewayException.invalid("Invalid 'thinking': expected an object.", "thinking");
      }
      out.set("thinking", thinking);
    }
    JsonNode explicit = extensions.get(PASS_THROUGH);
    if (explicit != null && !explicit.isNull()) {
      if (!explicit.isObject()) {
        throw GatewayException.invalid("Invalid '" + PASS_THROUGH + "': expected an object.",
            PASS_THROUGH);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = explicit.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        out.set(field.getKey(), field.getValue());
      }
    }
    return out.isEmpty() ? null : out;
  }
}
