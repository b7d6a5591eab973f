package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What whole responses and stream lines share: tool calls, the finish reason and usage, read from
 * Ollama's {@code message} and final ({@code done:true}) objects.
 */
final class OllamaReplies {

  private OllamaReplies() {}

  /**
   * Ollama's {@code tool_calls} ({@code [{function:{name, arguments:<object>}}]}) as canonical
   * calls with generated ids and the arguments serialized to JSON text.
   */
  static List<ToolCall> toolCalls(JsonNode wire, Supplier<String> ids) {
    if (wire.isMissingNode() || wire.isNull()) {
      return List.of();
    }
    if (!wire.isArray()) {
      throw UpstreamErrors.malformed(new IllegalStateException("tool_calls is not an array"));
    }
    List<ToolCall> calls = new ArrayList<>(wire.size());
    for (JsonNode call : wire) {
      JsonNode function = call.path("function");
      if (!function.path("name").isTextual()) {
        throw UpstreamErrors.malformed(new IllegalStateException("a tool call without a name"));
      }
      calls.add(new ToolCall(ids.get(), function.path("name").asText(),
          arguments(function.path("arguments"))));
    }
    return calls;
  }

  /** Ollama's {@code done_reason}: stop|length|load|unload, absent in older releases. */
  static FinishReason finishReason(JsonNode doneReason, boolean calledTools) {
    if (calledTools) {
      return FinishReason.TOOL_CALLS;
    }
    return "length".equals(doneReason.asText()) ? FinishReason.LENGTH : FinishReason.STOP;
  }

  /**
   * Usage from {@code prompt_eval_count} and {@code eval_count}; a missing count is 0 (Ollama omits
   * it when zero, e.g. a fully cached prompt). Null when the object carries neither.
   */
  static Usage usage(JsonNode body) {
    JsonNode prompt = body.path("prompt_eval_count");
    JsonNode completion = body.path("eval_count");
    if (!prompt.isNumber() && !completion.isNumber()) {
      return null;
    }
    return Usage.of(prompt.asInt(0), completion.asInt(0));
  }

  /** A non-empty text field, or null. */
  static String text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }

  private static String arguments(JsonNode arguments) {
    if (arguments.isMissingNode() || arguments.isNull()) {
      return "{}";
    }
    return arguments.isTextual() ? arguments.asText() : arguments.toString();
  }
}
