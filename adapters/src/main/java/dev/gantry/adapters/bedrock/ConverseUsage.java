package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.Usage;

/**
 * Converse {@code usage} (a response's, or a stream's {@code metadata} event's) → canonical usage
 * (providers.md §1.3). Bedrock's {@code inputTokens} excludes cache reads and writes, while
 * OpenAI's {@code prompt_tokens} includes every prompt token: prompt = input + cacheRead +
 * cacheWrite, and {@code cached_tokens} = cacheRead. Unknown keys ({@code serverToolUsage}, the
 * duplicate {@code cache*InputTokenCount}) are ignored.
 */
final class ConverseUsage {

  private ConverseUsage() {}

  /** The usage, or null when {@code usage} is absent or not an object. */
  static Usage of(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return null;
    }
    int cacheRead = usage.path("cacheReadInputTokens").asInt(0);
    int cacheWrite = usage.path("cacheWriteInputTokens").asInt(0);
    int prompt = usage.path("inputTokens").asInt(0) + cacheRead + cacheWrite;
    return new Usage(prompt, usage.path("outputTokens").asInt(0), cacheRead, 0);
  }
}
