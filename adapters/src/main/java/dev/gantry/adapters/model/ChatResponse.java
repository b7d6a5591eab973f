package dev.gantry.adapters.model;

import java.util.List;

/**
 * A complete chat response. The gateway stamps the id, creation time and model name the client
 * sees; adapters fill only what the provider said.
 *
 * @param usage the provider's token usage, or null when it reported none
 * @param systemFingerprint or null
 */
public record ChatResponse(List<Choice> choices, Usage usage, String systemFingerprint) {

  public ChatResponse {
    choices = List.copyOf(choices);
  }

  /**
   * One generated alternative.
   *
   * @param message the assistant message: text content and/or tool calls
   * @param reasoning the model's visible reasoning ({@code reasoning_content}), or null
   * @param refusal a refusal message, or null
   * @param finishReason null only if the provider did not say
   * @param logprobs the OpenAI-shaped logprobs object, or null
   * @param reasoningBlocks the reasoning as the provider's blocks, with their signatures and
   *     redacted data ({@code thinking_blocks}), for the client to send back; empty when the
   *     provider gave only text or nothing
   */
  public record Choice(int index, Message message, String reasoning, String refusal,
      FinishReason finishReason, com.fasterxml.jackson.databind.JsonNode logprobs,
      List<ReasoningBlock> reasoningBlocks) {

    public Choice {
      reasoningBlocks = reasoningBlocks == null ? List.of() : List.copyOf(reasoningBlocks);
    }

    /** A choice without reasoning blocks. */
    public Choice(int index, Message message, String reasoning, String refusal,
        FinishReason finishReason, com.fasterxml.jackson.databind.JsonNode logprobs) {
      this(index, message, reasoning, refusal, finishReason, logprobs, List.of());
    }
  }
}
