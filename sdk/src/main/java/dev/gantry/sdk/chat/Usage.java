package dev.gantry.sdk.chat;

/**
 * Token counts of a completion. The details are never null: when the server sends none (Gantry
 * writes them only when non-zero; other servers may send {@code null}) their counts are 0.
 *
 * @param promptTokens input tokens (cached ones included)
 * @param completionTokens output tokens (reasoning ones included)
 * @param totalTokens their sum
 * @param promptTokensDetails {@code prompt_tokens_details}: cached and audio input tokens
 * @param completionTokensDetails {@code completion_tokens_details}: reasoning, audio and
 *     predicted-output tokens
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens,
    PromptTokensDetails promptTokensDetails, CompletionTokensDetails completionTokensDetails) {

  /** Missing details become all-zero details. */
  public Usage {
    promptTokensDetails =
        promptTokensDetails == null ? PromptTokensDetails.NONE : promptTokensDetails;
    completionTokensDetails =
        completionTokensDetails == null ? CompletionTokensDetails.NONE : completionTokensDetails;
  }

  /** Counts without details (all 0). */
  public Usage(int promptTokens, int completionTokens, int totalTokens) {
    this(promptTokens, completionTokens, totalTokens, null, null);
  }

  /** Input tokens served from the prompt cache (part of {@link #promptTokens()}); 0 if not sent. */
  public int cachedTokens() {
    return promptTokensDetails.cachedTokens();
  }

  /** Output tokens spent reasoning (part of {@link #completionTokens()}); 0 if not sent. */
  public int reasoningTokens() {
    return completionTokensDetails.reasoningTokens();
  }

  /**
   * {@code prompt_tokens_details}.
   *
   * @param cachedTokens input tokens served from the prompt cache
   * @param audioTokens audio input tokens
   */
  public record PromptTokensDetails(int cachedTokens, int audioTokens) {
    /** All zero: what a missing {@code prompt_tokens_details} reads as. */
    public static final PromptTokensDetails NONE = new PromptTokensDetails(0, 0);
  }

  /**
   * {@code completion_tokens_details}.
   *
   * @param reasoningTokens tokens the model spent reasoning
   * @param audioTokens audio output tokens
   * @param acceptedPredictionTokens tokens of a predicted output that appeared in the completion
   * @param rejectedPredictionTokens tokens of a predicted output that did not (still billed)
   */
  public record CompletionTokensDetails(int reasoningTokens, int audioTokens,
      int acceptedPredictionTokens, int rejectedPredictionTokens) {
    /** All zero: what a missing {@code completion_tokens_details} reads as. */
    public static final CompletionTokensDetails NONE = new CompletionTokensDetails(0, 0, 0, 0);
  }
}
