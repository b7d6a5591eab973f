package dev.gantry.adapters.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One streamed event: deltas for zero or more choices, and/or the usage of the whole call (the
 * usage-only chunk has no choices). Ids, timestamps and model names are stamped by the encoder.
 *
 * @param usage non-null only on the chunk that reports usage
 */
public record ChatChunk(List<Delta> choices, Usage usage) {

  public ChatChunk {
    choices = List.copyOf(choices);
  }

  public static ChatChunk of(Delta delta) {
    return new ChatChunk(List.of(delta), null);
  }

  public static ChatChunk usage(Usage usage) {
    return new ChatChunk(List.of(), usage);
  }

  /**
   * The change to one choice. Null fields are absent from the delta.
   *
   * @param role set on a choice's first delta
   * @param content a text fragment
   * @param reasoning a reasoning fragment ({@code reasoning_content})
   * @param toolCalls tool-call fragments, never null
   * @param finishReason set on a choice's last delta
   * @param reasoningSignature the signature closing the current reasoning block (a
   *     {@code thinking_blocks} entry on the wire)
   */
  public record Delta(int index, Role role, String content, String reasoning,
      List<ToolCallDelta> toolCalls, FinishReason finishReason, JsonNode logprobs,
      String reasoningSignature) {

    public Delta {
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A delta without a reasoning signature. */
    public Delta(int index, Role role, String content, String reasoning,
        List<ToolCallDelta> toolCalls, FinishReason finishReason, JsonNode logprobs) {
      this(index, role, content, reasoning, toolCalls, finishReason, logprobs, null);
    }

    public static Delta role(int index) {
      return new Delta(index, Role.ASSISTANT, null, null, List.of(), null, null);
    }

    public static Delta text(int index, String text) {
      return new Delta(index, null, text, null, List.of(), null, null);
    }

    public static Delta reasoning(int index, String text) {
      return new Delta(index, null, null, text, List.of(), null, null);
    }

    /** The signature of the reasoning block just streamed. */
    public static Delta reasoningSignature(int index, String signature) {
      return new Delta(index, null, null, null, List.of(), null, null, signature);
    }

    public static Delta toolCall(int index, ToolCallDelta call) {
      return new Delta(index, null, null, null, List.of(call), null, null);
    }

    public static Delta finish(int index, FinishReason reason) {
      return new Delta(index, null, null, null, List.of(), reason, null);
    }
  }
}
