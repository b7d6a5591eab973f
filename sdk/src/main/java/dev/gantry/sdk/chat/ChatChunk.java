package dev.gantry.sdk.chat;

import java.util.List;

/**
 * One event of a streamed chat completion ({@code chat.completion.chunk}). The last one may carry
 * only {@link #usage()}, with no choices.
 *
 * @param id the completion's id
 * @param object {@code chat.completion.chunk}
 * @param created creation time, epoch seconds
 * @param model the model that answers
 * @param systemFingerprint the backend's fingerprint, or null
 * @param choices the choices' deltas
 * @param usage token counts (the final chunk), or null
 */
public record ChatChunk(String id, String object, long created, String model,
    String systemFingerprint, List<Choice> choices, Usage usage) {

  /** Copies the choices. */
  public ChatChunk {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  /** The first choice's text delta, or "" (for {@code System.out.print(chunk.text())}). */
  public String text() {
    if (choices.isEmpty() || choices.get(0).delta() == null) {
      return "";
    }
    String c = choices.get(0).delta().content();
    return c == null ? "" : c;
  }

  /**
   * A choice's delta.
   *
   * @param index the choice
   * @param delta what this chunk adds
   * @param finishReason set on the choice's last chunk, else null
   */
  public record Choice(int index, Delta delta, String finishReason) {}

  /**
   * What a chunk adds to a choice.
   *
   * @param role set on the first chunk, else null
   * @param content a text fragment, or null
   * @param refusal a refusal fragment, or null
   * @param toolCalls tool-call fragments (empty for none)
   */
  public record Delta(String role, String content, String refusal, List<ToolCallDelta> toolCalls) {
    /** Copies the tool calls. */
    public Delta {
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
  }

  /**
   * A fragment of a tool call: the first names the call ({@code id}, {@code function.name}),
   * the following ones add pieces of {@code function.arguments}; {@code index} ties them.
   *
   * @param index which call of the choice
   * @param id the call's id (first fragment), or null
   * @param type {@code function} (first fragment), or null
   * @param function name and/or an arguments fragment, or null
   */
  public record ToolCallDelta(int index, String id, String type, FunctionCall function) {}
}
