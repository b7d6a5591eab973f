package dev.gantry.adapters.bedrock;

import dev.gantry.adapters.model.FinishReason;

/**
 * Converse {@code stopReason} → OpenAI {@code finish_reason} (providers.md §1.3):
 * {@code end_turn}, {@code stop_sequence} → stop; {@code max_tokens},
 * {@code model_context_window_exceeded} → length; {@code tool_use} → tool_calls;
 * {@code guardrail_intervened}, {@code content_filtered} → content_filter;
 * {@code malformed_model_output}, {@code malformed_tool_use} and reasons added after this was
 * written → stop.
 */
final class StopReasons {

  private StopReasons() {}

  /** The finish reason, or null when Bedrock gave none. */
  static FinishReason of(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    switch (stopReason) {
      case "max_tokens":
      case "model_context_window_exceeded":
        return FinishReason.LENGTH;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "guardrail_intervened":
      case "content_filtered":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.STOP;
    }
  }
}
