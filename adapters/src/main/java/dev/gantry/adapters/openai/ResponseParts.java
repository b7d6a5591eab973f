package dev.gantry.adapters.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.io.IOException;

/** Parts every OpenAI response shares: {@code usage}, {@code finish_reason}, {@code logprobs}. */
final class ResponseParts {

  private ResponseParts() {}

  /**
   * Reads a {@code usage} object; null when absent or JSON null. Missing counts (TGI sends
   * {@code null} details) are 0.
   */
  static Usage read(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return null;
    }
    return new Usage(usage.path("prompt_tokens").asInt(0),
        usage.path("completion_tokens").asInt(0),
        usage.path("prompt_tokens_details").path("cached_tokens").asInt(0),
        usage.path("completion_tokens_details").path("reasoning_tokens").asInt(0));
  }

  /** Writes the chat/completions usage object; the details appear only when non-zero. */
  static void write(JsonGenerator g, Usage u) throws IOException {
    g.writeStartObject();
    g.writeNumberField("prompt_tokens", u.promptTokens());
    g.writeNumberField("completion_tokens", u.completionTokens());
    g.writeNumberField("total_tokens", u.totalTokens());
    if (u.cachedTokens() > 0) {
      g.writeObjectFieldStart("prompt_tokens_details");
      g.writeNumberField("cached_tokens", u.cachedTokens());
      g.writeEndObject();
    }
    if (u.reasoningTokens() > 0) {
      g.writeObjectFieldStart("completion_tokens_details");
      g.writeNumberField("reasoning_tokens", u.reasoningTokens());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * Maps an upstream {@code finish_reason}: OpenAI's own values, plus the native names some
   * servers leak ({@code eos_token}, {@code stop_sequence}, {@code end_turn} → stop;
   * {@code max_tokens}, {@code model_length} → length). Anything else (e.g. SGLang's
   * {@code abort}) reads as stop; absent or null stays null.
   */
  static FinishReason finish(JsonNode value) {
    if (value == null || !value.isTextual()) {
      return null;
    }
    String s = value.textValue();
    FinishReason known = FinishReason.fromWire(s).orElse(null);
    if (known != null) {
      return known;
    }
    return "max_tokens".equals(s) || "model_length".equals(s) ? FinishReason.LENGTH
        : FinishReason.STOP;
  }

  static void writeFinish(JsonGenerator g, FinishReason reason) throws IOException {
    if (reason == null) {
      g.writeNullField("finish_reason");
    } else {
      g.writeStringField("finish_reason", reason.wire());
    }
  }

  /** Writes {@code "logprobs": <node>} or {@code "logprobs": null}. */
  static void writeLogprobs(JsonGenerator g, JsonNode logprobs) throws IOException {
    if (logprobs == null || logprobs.isNull()) {
      g.writeNullField("logprobs");
    } else {
      g.writeFieldName("logprobs");
      g.writeTree(logprobs);
    }
  }

  /** The node, or null for absent and JSON null. */
  static JsonNode orNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }

  /** Throws the mapped error when a 200 body or stream event is an error object. */
  static void checkNotError(JsonNode node) {
    if (!node.isObject()) {
      throw malformed("a JSON value that is not an object");
    }
    if (orNull(node.get("error")) != null || "error".equals(node.path("object").asText())) {
      throw OpenAiErrors.fromStreamError(node);
    }
  }

  /** An {@code UPSTREAM_ERROR} for a 2xx body that does not have the expected shape. */
  static GatewayException malformed(String what) {
    return UpstreamErrors.malformed(new IllegalStateException("upstream sent " + what));
  }
}
