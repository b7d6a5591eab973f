package dev.gantry.adapters.model;

/**
 * Token usage of one call, normalized to OpenAI's meaning: {@code promptTokens} includes cached
 * tokens, {@code completionTokens} includes reasoning tokens.
 */
public record Usage(int promptTokens, int completionTokens, int cachedTokens, int reasoningTokens) {

  public static final Usage ZERO = new Usage(0, 0, 0, 0);

  public static Usage of(int promptTokens, int completionTokens) {
    return new Usage(promptTokens, completionTokens, 0, 0);
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }

  /** Sums two usages (fan-out calls, or a stream reported in parts). */
  public Usage plus(Usage other) {
    return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
        cachedTokens + other.cachedTokens, reasoningTokens + other.reasoningTokens);
  }
}
