package dev.gantry.sdk.chat;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.internal.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A message of a chat request. Use the factories: {@link #system(String)}, {@link #user(String)},
 * {@link #user(ContentPart...)} (text and images), {@link #assistant(String)},
 * {@link #assistantToolCalls(List)} and {@link #tool(String, String)}.
 *
 * @param role {@code system}, {@code developer}, {@code user}, {@code assistant} or {@code tool}
 * @param content the parts (one text part is sent as a plain string); empty for none
 * @param name an optional participant name, or null
 * @param toolCalls an assistant's tool calls; empty for none
 * @param toolCallId the call a {@code tool} message answers, or null
 */
public record ChatMessage(String role, List<ContentPart> content, String name,
    List<ToolCall> toolCalls, String toolCallId) {

  /** Copies the lists. */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    content = content == null ? List.of() : List.copyOf(content);
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** A system message. */
  public static ChatMessage system(String text) {
    return new ChatMessage("system", List.of(ContentPart.text(text)), null, null, null);
  }

  /** A developer message (OpenAI's newer name for system instructions). */
  public static ChatMessage developer(String text) {
    return new ChatMessage("developer", List.of(ContentPart.text(text)), null, null, null);
  }

  /** A user message of text. */
  public static ChatMessage user(String text) {
    return new ChatMessage("user", List.of(ContentPart.text(text)), null, null, null);
  }

  /** A user message of parts (text and images). */
  public static ChatMessage user(ContentPart... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("a user message needs at least one part");
    }
    return new ChatMessage("user", Arrays.asList(parts), null, null, null);
  }

  /** An assistant message of text (a previous turn). */
  public static ChatMessage assistant(String text) {
    return new ChatMessage("assistant", List.of(ContentPart.text(text)), null, null, null);
  }

  /** An assistant message that called tools (a previous turn of a tools loop). */
  public static ChatMessage assistantToolCalls(List<ToolCall> toolCalls) {
    if (toolCalls.isEmpty()) {
      throw new IllegalArgumentException("toolCalls must not be empty");
    }
    return new ChatMessage("assistant", List.of(), null, toolCalls, null);
  }

  /** A tool's result, answering the call {@code toolCallId}. */
  public static ChatMessage tool(String toolCallId, String result) {
    return new ChatMessage("tool", List.of(ContentPart.text(result)), null, null,
        Objects.requireNonNull(toolCallId, "toolCallId"));
  }

  /** This message with a participant name. */
  public ChatMessage withName(String name) {
    return new ChatMessage(role, content, Objects.requireNonNull(name), toolCalls, toolCallId);
  }

  /** The OpenAI JSON of this message. */
  @JsonValue
  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode().put("role", role);
    if (content.isEmpty()) {
      o.putNull("content");
    } else if (content.size() == 1 && content.get(0) instanceof ContentPart.Text t) {
      o.put("content", t.text());
    } else {
      ArrayNode parts = o.putArray("content");
      content.forEach(p -> parts.add(p.toJson()));
    }
    if (name != null) {
      o.put("name", name);
    }
    if (!toolCalls.isEmpty()) {
      o.set("tool_calls", Json.MAPPER.valueToTree(toolCalls));
    }
    if (toolCallId != null) {
      o.put("tool_call_id", toolCallId);
    }
    return o;
  }
}
