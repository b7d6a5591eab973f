package dev.gantry.adapters.vertex.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.spi.GatewayException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Canonical messages as Messages API {@code system} and {@code messages}.
 *
 * <ul>
 *   <li>System and developer messages join the top-level {@code system} (a string for one, text
 *       blocks for several); they may carry text only.
 *   <li>User content: {@code text} blocks and {@code image} blocks with a base64 {@code source}
 *       (PNG, JPEG, GIF, WebP). Images given by URL must be inlined by the adapter first.
 *   <li>Assistant content: its reasoning blocks first ({@code thinking} with signature,
 *       {@code redacted_thinking}), then text, then {@code tool_use} blocks whose {@code input} is
 *       the OpenAI argument string parsed into an object.
 *   <li>Tool results become {@code tool_result} blocks in a user turn, their content a string
 *       (or blocks when the result holds images). Consecutive turns of the
 *       same role are merged, since the API wants user and assistant turns to alternate.
 * </ul>
 */
final class AnthropicMessages {

  private static final Set<String> IMAGE_TYPES =
      Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private AnthropicMessages() {}

  /** The {@code system} value, or null when there is no instruction. */
  static JsonNode system(List<Message> messages) {
    ArrayNode blocks = AnthropicJson.MAPPER.createArrayNode();
    for (Message m : messages) {
      if (!m.role().isInstruction()) {
        continue;
      }
      for (ContentPart part : m.content()) {
        if (!(part instanceof ContentPart.Text)) {
          throw GatewayException.unsupported("Claude takes text only in system instructions.",
              "messages");
        }
        blocks.addObject().put("type", "text").put("text", ((ContentPart.Text) part).text());
      }
    }
    if (blocks.isEmpty()) {
      return null;
    }
    return blocks.size() == 1 ? blocks.get(0).get("text") : blocks;
  }

  static ArrayNode messages(List<Message> messages) {
    ArrayNode out = AnthropicJson.MAPPER.createArrayNode();
    ObjectNode current = null;
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (m.role().isInstruction()) {
        continue;
      }
      String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
      if (current == null || !role.equals(current.get("role").textValue())) {
        current = out.addObject().put("role", role);
        current.putArray("content");
      }
      ArrayNode content = (ArrayNode) current.get("content");
      if (m.role() == Role.ASSISTANT) {
        assistant(m, i, content);
      } else if (m.role() == Role.TOOL) {
        toolResult(m, i, content);
      } else {
        parts(m.content(), i, content);
      }
    }
    if (out.isEmpty()) {
      throw GatewayException.invalid("Claude needs at least one user message.", "messages");
    }
    return out;
  }

  private static void assistant(Message m, int at, ArrayNode content) {
    for (ReasoningBlock block : m.reasoning()) {
      if (block.isRedacted()) {
        content.addObject().put("type", "redacted_thinking").put("data", block.redacted());
      } else {
        ObjectNode thinking = content.addObject().put("type", "thinking")
            .put("thinking", block.text());
        if (block.signature() != null) {
          thinking.put("signature", block.signature());
        }
      }
    }
    parts(m.content(), at, content);
    for (ToolCall call : m.toolCalls()) {
      content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
          .set("input", arguments(call, at));
    }
  }

  private static void toolResult(Message m, int at, ArrayNode content) {
    if (m.toolCallId() == null) {
      throw GatewayException.invalid("messages[" + at + "]: a tool message needs tool_call_id.",
          "messages");
    }
    ObjectNode result = content.addObject().put("type", "tool_result")
        .put("tool_use_id", m.toolCallId());
    if (m.hasImages()) {
      parts(m.content(), at, result.putArray("content"));
    } else {
      result.put("content", m.text());
    }
  }

  private static void parts(List<ContentPart> parts, int at, ArrayNode content) {
    for (ContentPart part : parts) {
      if (part instanceof ContentPart.Text) {
        String text = ((ContentPart.Text) part).text();
        if (!text.isEmpty()) {
          content.addObject().put("type", "text").put("text", text);
        }
      } else {
        content.add(image(((ContentPart.Image) part).source(), at));
      }
    }
  }

  private static ObjectNode image(ImageSource source, int at) {
    if (!(source instanceof ImageSource.Inline)) {
      throw new IllegalArgumentException("images must be inlined before translation");
    }
    ImageSource.Inline inline = (ImageSource.Inline) source;
    if (!IMAGE_TYPES.contains(inline.mediaType())) {
      throw GatewayException.unsupported("messages[" + at + "]: Claude accepts PNG, JPEG, GIF and "
          + "WebP images.", "messages");
    }
    ObjectNode block = AnthropicJson.object().put("type", "image");
    block.putObject("source").put("type", "base64").put("media_type", inline.mediaType())
        .put("data", inline.base64());
    return block;
  }

  /** OpenAI's argument string as the object {@code tool_use.input} must be. */
  private static JsonNode arguments(ToolCall call, int at) {
    JsonNode input;
    try {
      input = AnthropicJson.MAPPER.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
    } catch (IOException e) {
      input = null;
    }
    if (input == null || !input.isObject()) {
      throw GatewayException.invalid("messages[" + at + "]: the arguments of tool call '"
          + call.id() + "' are not a JSON object.", "messages");
    }
    return input;
  }
}
