package dev.gantry.sdk.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;
import java.util.List;
import java.util.Optional;

/**
 * The answer of a chat completion (also what {@link ChatAccumulator} assembles from a stream).
 *
 * @param id the completion's id
 * @param object {@code chat.completion}
 * @param created creation time, epoch seconds
 * @param model the model that answered
 * @param systemFingerprint the backend's configuration fingerprint, or null
 * @param choices the choices, by index
 * @param usage token counts, or null when the server sent none
 * @param headers the answer's headers
 */
public record ChatCompletion(String id, String object, long created, String model,
    String systemFingerprint, List<Choice> choices, Usage usage,
    @JsonIgnore GantryHeaders headers) {

  /** Copies the choices; missing headers become none. */
  public ChatCompletion {
    choices = choices == null ? List.of() : List.copyOf(choices);
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  /** This completion with the answer's headers. */
  public ChatCompletion withHeaders(GantryHeaders headers) {
    return new ChatCompletion(id, object, created, model, systemFingerprint, choices, usage,
        headers);
  }

  /** The first choice's text, if it has any. */
  public Optional<String> content() {
    return choices.isEmpty() ? Optional.empty()
        : Optional.ofNullable(choices.get(0).message().content());
  }

  /** The first choice's tool calls (empty for none). */
  public List<ToolCall> toolCalls() {
    return choices.isEmpty() ? List.of() : choices.get(0).message().toolCalls();
  }

  /** The usage, if the server sent it. */
  public Optional<Usage> usageIfPresent() {
    return Optional.ofNullable(usage);
  }

  /**
   * A choice.
   *
   * @param index its position
   * @param message the assistant's message
   * @param finishReason {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter}
   */
  public record Choice(int index, AssistantMessage message, String finishReason) {}

  /**
   * The assistant's message.
   *
   * @param role {@code assistant}
   * @param content its text, or null (tool calls only, or a refusal)
   * @param refusal the refusal text, or null
   * @param toolCalls the tool calls (empty for none)
   */
  public record AssistantMessage(String role, String content, String refusal,
      List<ToolCall> toolCalls) {
    /** Copies the tool calls. */
    public AssistantMessage {
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** This message as a request message, to continue the conversation (a tools loop). */
    public ChatMessage toMessage() {
      List<ContentPart> parts = content == null ? List.of() : List.of(ContentPart.text(content));
      return new ChatMessage("assistant", parts, null, toolCalls, null);
    }
  }
}
