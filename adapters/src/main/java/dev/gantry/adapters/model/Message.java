package dev.gantry.adapters.model;

import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation.
 *
 * @param content text and image parts; empty for an assistant message that only calls tools
 * @param toolCalls calls made by an assistant message; empty otherwise
 * @param toolCallId the call a {@code TOOL} message answers, else null
 * @param name the participant's or the tool's name, or null
 * @param reasoning an assistant message's thinking blocks, in order, as the client sent them
 *     back; empty otherwise (providers that need them place them first)
 */
public record Message(Role role, List<ContentPart> content, List<ToolCall> toolCalls,
    String toolCallId, String name, List<ReasoningBlock> reasoning) {

  public Message {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(content);
    toolCalls = List.copyOf(toolCalls);
    reasoning = reasoning == null ? List.of() : List.copyOf(reasoning);
  }

  /** A message without reasoning blocks. */
  public Message(Role role, List<ContentPart> content, List<ToolCall> toolCalls,
      String toolCallId, String name) {
    this(role, content, toolCalls, toolCallId, name, List.of());
  }

  public static Message of(Role role, String text) {
    return new Message(role, List.of(ContentPart.text(text)), List.of(), null, null);
  }

  public static Message system(String text) {
    return of(Role.SYSTEM, text);
  }

  public static Message user(String text) {
    return of(Role.USER, text);
  }

  public static Message assistant(String text) {
    return of(Role.ASSISTANT, text);
  }

  public static Message assistantToolCalls(List<ToolCall> calls) {
    return new Message(Role.ASSISTANT, List.of(), calls, null, null);
  }

  public static Message toolResult(String toolCallId, String text) {
    return new Message(Role.TOOL, List.of(ContentPart.text(text)), List.of(), toolCallId, null);
  }

  /** The text parts joined, for providers and counters that take one string. */
  public String text() {
    if (content.size() == 1 && content.get(0) instanceof ContentPart.Text) {
      return ((ContentPart.Text) content.get(0)).text();
    }
    StringBuilder sb = new StringBuilder();
    for (ContentPart part : content) {
      if (part instanceof ContentPart.Text) {
        sb.append(((ContentPart.Text) part).text());
      }
    }
    return sb.toString();
  }

  /** True when any part is an image. */
  public boolean hasImages() {
    for (ContentPart part : content) {
      if (part instanceof ContentPart.Image) {
        return true;
      }
    }
    return false;
  }
}
