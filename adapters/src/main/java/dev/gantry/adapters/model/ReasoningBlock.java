package dev.gantry.adapters.model;

/**
 * One block of a model's extended thinking, kept whole so that it can be sent back: Claude (on
 * Bedrock or Anthropic) rejects a follow-up turn with tool results whose assistant message does
 * not start with the thinking blocks it produced, signature included. On the OpenAI wire this is
 * an entry of {@code thinking_blocks} (LiteLLM's convention).
 *
 * @param text the visible reasoning text; null exactly when {@code redacted} is set
 * @param signature the provider's opaque signature of the text, or null when it gave none
 * @param redacted the provider's opaque encrypted reasoning (base64), or null for a text block
 */
public record ReasoningBlock(String text, String signature, String redacted) {

  public ReasoningBlock {
    if ((text == null) == (redacted == null)) {
      throw new IllegalArgumentException("a reasoning block has either text or redacted data");
    }
    if (redacted != null && signature != null) {
      throw new IllegalArgumentException("a redacted reasoning block has no signature");
    }
  }

  /** A text block, with its signature or null. */
  public static ReasoningBlock text(String text, String signature) {
    return new ReasoningBlock(text, signature, null);
  }

  /** A redacted block: the provider's opaque data. */
  public static ReasoningBlock redacted(String data) {
    return new ReasoningBlock(null, null, data);
  }

  /** True for a redacted block. */
  public boolean isRedacted() {
    return redacted != null;
  }
}
