package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;

/**
 * Gemini {@code usageMetadata} and {@code finishReason} in OpenAI's terms (providers.md §3.2).
 * {@code promptTokenCount} already includes the cached tokens ({@code cachedContentTokenCount}, the
 * opposite of Bedrock) and the tool-use prompt ({@code toolUsePromptTokenCount}) is added to it;
 * {@code candidatesTokenCount} excludes the thoughts, so completion = candidates + thoughts and
 * reasoning = thoughts.
 */
final class GeminiUsage {

  private GeminiUsage() {}

  /** The usage, or null when {@code usageMetadata} is absent or not an object. */
  static Usage of(JsonNode metadata) {
    if (metadata == null || !metadata.isObject()) {
      return null;
    }
    int thoughts = metadata.path("thoughtsTokenCount").asInt(0);
    return new Usage(metadata.path("promptTokenCount").asInt(0)
        + metadata.path("toolUsePromptTokenCount").asInt(0),
        metadata.path("candidatesTokenCount").asInt(0) + thoughts,
        metadata.path("cachedContentTokenCount").asInt(0), thoughts);
  }

  /**
   * {@code finishReason} → {@code finish_reason}: STOP → stop, or tool_calls when the candidate
   * called a function (Gemini says STOP then too); MAX_TOKENS → length; SAFETY, RECITATION,
   * BLOCKLIST, PROHIBITED_CONTENT, SPII, MODEL_ARMOR, IMAGE_SAFETY → content_filter; anything
   * else, including values added after this was written, → stop (tool_calls with calls).
   *
   * @return null when Gemini gave no reason
   */
  static FinishReason finish(String reason, boolean calledTools) {
    if (reason == null) {
      return null;
    }
    switch (reason) {
      case "MAX_TOKENS":
        return FinishReason.LENGTH;
      case "SAFETY":
      case "RECITATION":
      case "BLOCKLIST":
      case "PROHIBITED_CONTENT":
      case "SPII":
      case "MODEL_ARMOR":
      case "IMAGE_SAFETY":
        return FinishReason.CONTENT_FILTER;
      default:
        return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }
  }
}
