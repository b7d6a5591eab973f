package dev.gantry.finetune.trainer.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts one record of OpenAI's chat fine-tuning JSONL ({@code {"messages":[...]}}) to a
 * {@link DataFormat}'s record. Pure.
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages become the record's system prompt, joined
 *       by a blank line.</li>
 *   <li>Content is a string or a list of {@code text} parts; other parts (images, audio, files),
 *       tool calls and {@code tool} messages are refused: Bedrock's text fine-tuning formats
 *       cannot carry them.</li>
 *   <li>Consecutive messages of one role are merged (Nova: one message with several text blocks;
 *       Claude and prompt/completion: texts joined by a blank line), since Bedrock wants roles to
 *       alternate. The conversation must then start with the user and end with the assistant.</li>
 *   <li>OpenAI's per-message {@code weight} has no Bedrock equivalent and is dropped.</li>
 *   <li>Prompt/completion: the completion is the last assistant message; the prompt is the system
 *       prompt and the single user message, each followed by a blank line when present; a longer
 *       conversation is written out as {@code User: ...} / {@code Assistant: ...} turns.</li>
 * </ul>
 */
final class ChatRecords {

  static final String NOVA_SCHEMA = "bedrock-conversation-2024";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ChatRecords() {}

  /**
   * @throws IllegalArgumentException with a message naming what is wrong (no data quoted)
   */
  static ObjectNode convert(JsonNode record, DataFormat format) {
    Conversation conversation = Conversation.of(record);
    switch (format) {
      case NOVA:
        return nova(conversation);
      case CLAUDE:
        return claude(conversation);
      case PROMPT_COMPLETION:
        return promptCompletion(conversation);
      default:
        throw new IllegalStateException("unknown format " + format);
    }
  }

  private static ObjectNode nova(Conversation c) {
    ObjectNode out = NODES.objectNode();
    out.put("schemaVersion", NOVA_SCHEMA);
    if (!c.system().isEmpty()) {
      ArrayNode system = out.putArray("system");
      c.system().forEach(text -> system.addObject().put("text", text));
    }
    ArrayNode messages = out.putArray("messages");
    for (Turn turn : c.turns()) {
      ObjectNode message = messages.addObject().put("role", turn.role());
      ArrayNode content = message.putArray("content");
      turn.texts().forEach(text -> content.addObject().put("text", text));
    }
    return out;
  }

  private static ObjectNode claude(Conversation c) {
    ObjectNode out = NODES.objectNode();
    if (!c.system().isEmpty()) {
      out.put("system", String.join("\n\n", c.system()));
    }
    ArrayNode messages = out.putArray("messages");
    for (Turn turn : c.turns()) {
      messages.addObject().put("role", turn.role()).put("content", turn.text());
    }
    return out;
  }

  private static ObjectNode promptCompletion(Conversation c) {
    List<Turn> turns = c.turns();
    StringBuilder prompt = new StringBuilder();
    if (!c.system().isEmpty()) {
      prompt.append(String.join("\n\n", c.system())).append("\n\n");
    }
    if (turns.size() == 2) {
      prompt.append(turns.get(0).text());
    } else {
      for (int i = 0; i < turns.size() - 1; i++) {
        Turn turn = turns.get(i);
        prompt.append(turn.role().equals("user") ? "User: " : "Assistant: ").append(turn.text())
            .append("\n\n");
      }
      prompt.append("Assistant:");
    }
    ObjectNode out = NODES.objectNode();
    out.put("prompt", prompt.toString());
    out.put("completion", turns.get(turns.size() - 1).text());
    return out;
  }

  /** A record's system prompt and its alternating user/assistant turns. */
  private record Conversation(List<String> system, List<Turn> turns) {

    static Conversation of(JsonNode record) {
      JsonNode messages = record == null ? null : record.get("messages");
      if (messages == null || !messages.isArray() || messages.isEmpty()) {
        throw new IllegalArgumentException("the record has no `messages` list");
      }
      List<String> system = new ArrayList<>();
      List<Turn> turns = new ArrayList<>();
      for (int i = 0; i < messages.size(); i++) {
        JsonNode message = messages.get(i);
        String role = message.path("role").asText("");
        if (message.hasNonNull("tool_calls") || message.hasNonNull("function_call")) {
          throw new IllegalArgumentException("messages[" + i + "] has tool calls, which Bedrock"
              + " fine-tuning data cannot carry");
        }
        String text = text(message.get("content"), i);
        switch (role) {
          case "system":
          case "developer":
            system.add(text);
            break;
          case "user":
          case "assistant":
            Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.role().equals(role)) {
              last.texts().add(text);
            } else {
              List<String> texts = new ArrayList<>();
              texts.add(text);
              turns.add(new Turn(role, texts));
            }
            break;
          default:
            throw new IllegalArgumentException("messages[" + i + "] has role `" + role
                + "`; Bedrock fine-tuning data takes only system, user and assistant messages");
        }
      }
      if (turns.size() < 2 || !turns.get(0).role().equals("user")
          || !turns.get(turns.size() - 1).role().equals("assistant")) {
        throw new IllegalArgumentException("the conversation must start with a user message and"
            + " end with an assistant message");
      }
      return new Conversation(system, turns);
    }

    private static String text(JsonNode content, int index) {
      if (content != null && content.isTextual()) {
        return content.textValue();
      }
      if (content != null && content.isArray()) {
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
          if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
            throw new IllegalArgumentException("messages[" + index + "] has a `"
                + part.path("type").asText("?") + "` content part; Bedrock fine-tuning data"
                + " takes text only");
          }
          parts.add(part.get("text").textValue());
        }
        return String.join("\n", parts);
      }
      throw new IllegalArgumentException("messages[" + index + "] has no text content");
    }
  }

  /** One role's consecutive texts. */
  private record Turn(String role, List<String> texts) {
    String text() {
      return String.join("\n\n", texts);
    }
  }
}
