package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Canonical messages → Converse {@code system} and {@code messages} (providers.md §1.2).
 *
 * <ul>
 *   <li>System and developer messages, wherever they are, become {@code system} text blocks in
 *       order (Converse has no in-conversation instructions).
 *   <li>Text parts become {@code text} blocks; blank ones are left out (Bedrock rejects blank
 *       text, and clients send {@code content:""} beside tool calls).
 *   <li>Inline images become {@code {image:{format, source:{bytes}}}}; a remote URL must have been
 *       replaced by its bytes first (the adapter fetches it), so one here is a programming error.
 *   <li>An assistant message's reasoning blocks go first in its content, as Claude requires when
 *       thinking is on: {@code {reasoningContent:{reasoningText:{text, signature}}}} or
 *       {@code {reasoningContent:{redactedContent}}}. Text without a signature (a client's bare
 *       {@code reasoning_content}) is left out: Bedrock cannot verify it and rejects it.
 *   <li>Assistant tool calls become {@code toolUse} blocks whose {@code input} is the parsed JSON
 *       object of OpenAI's {@code arguments} string ({@code ""} reads as {@code {}}).
 *   <li>Tool messages become {@code toolResult} blocks of a user message, with the text as
 *       {@code content} (OpenAI has no error status, so none is sent).
 *   <li>Consecutive messages of the same Bedrock role are merged into one, as Converse requires
 *       alternating roles: parallel tool results, and a user's text after them, share a message.
 * </ul>
 */
final class ConverseMessages {

  private ConverseMessages() {}

  /** The {@code system} blocks; empty when there are no instructions. */
  static ArrayNode system(List<Message> messages) {
    ArrayNode out = ConverseJson.JSON.createArrayNode();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (!m.role().isInstruction()) {
        continue;
      }
      for (int j = 0; j < m.content().size(); j++) {
        ContentPart part = m.content().get(j);
        if (!(part instanceof ContentPart.Text)) {
          throw GatewayException.unsupported("Bedrock takes text only in system instructions.",
              partPath(i, j));
        }
        String text = ((ContentPart.Text) part).text();
        if (!text.isBlank()) {
          out.addObject().put("text", text);
        }
      }
    }
    return out;
  }

  /** The {@code messages}, roles alternating. */
  static ArrayNode messages(List<Message> messages) {
    ArrayNode out = ConverseJson.JSON.createArrayNode();
    String lastRole = null;
    ArrayNode content = null;
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (m.role().isInstruction()) {
        continue;
      }
      String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
      if (!role.equals(lastRole)) {
        ObjectNode wire = out.addObject();
        wire.put("role", role);
        content = wire.putArray("content");
        lastRole = role;
      }
      addBlocks(m, i, content);
    }
    return out;
  }

  private static void addBlocks(Message m, int i, ArrayNode content) {
    if (m.role() == Role.TOOL) {
      ObjectNode result = content.addObject().putObject("toolResult");
      result.put("toolUseId", m.toolCallId());
      result.putArray("content").addObject().put("text", m.text());
      return;
    }
    for (ReasoningBlock block : m.reasoning()) {
      reasoning(block, content);
    }
    for (int j = 0; j < m.content().size(); j++) {
      ContentPart part = m.content().get(j);
      if (part instanceof ContentPart.Text) {
        String text = ((ContentPart.Text) part).text();
        if (!text.isBlank()) {
          content.addObject().put("text", text);
        }
      } else {
        content.add(image(((ContentPart.Image) part).source(), partPath(i, j) + ".image_url"));
      }
    }
    List<ToolCall> calls = m.toolCalls();
    for (int j = 0; j < calls.size(); j++) {
      ToolCall call = calls.get(j);
      ObjectNode use = content.addObject().putObject("toolUse");
      use.put("toolUseId", call.id());
      use.put("name", call.name());
      use.set("input", arguments(call.arguments(),
          "messages[" + i + "].tool_calls[" + j + "].function.arguments"));
    }
  }

  private static void reasoning(ReasoningBlock block, ArrayNode content) {
    if (block.isRedacted()) {
      content.addObject().putObject("reasoningContent").put("redactedContent", block.redacted());
    } else if (block.signature() != null) {
      ObjectNode text = content.addObject().putObject("reasoningContent")
          .putObject("reasoningText");
      text.put("text", block.text());
      text.put("signature", block.signature());
    }
  }

  /** {@code {image:{format, source:{bytes}}}}: base64 sent as received when it is clean. */
  private static ObjectNode image(ImageSource source, String param) {
    if (!(source instanceof ImageSource.Inline)) {
      throw new IllegalArgumentException("remote image URLs must be fetched and inlined before "
          + "translation to Bedrock");
    }
    ImageSource.Inline inline = (ImageSource.Inline) source;
    String format = format(inline.mediaType());
    if (format == null) {
      throw GatewayException.unsupported("Bedrock accepts PNG, JPEG, GIF and WebP images, not '"
          + inline.mediaType() + "'.", param);
    }
    ObjectNode block = ConverseJson.object();
    ObjectNode image = block.putObject("image");
    image.put("format", format);
    image.putObject("source").put("bytes", standardBase64(inline, param));
    return block;
  }

  /** The Converse image format of a media type, or null. */
  private static String format(String mediaType) {
    String type = mediaType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    type = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
    switch (type) {
      case "image/png":
        return "png";
      case "image/jpeg":
      case "image/jpg":
        return "jpeg";
      case "image/gif":
        return "gif";
      case "image/webp":
        return "webp";
      default:
        return null;
    }
  }

  /** The data as standard base64; other encodings (line breaks, URL-safe) are re-encoded. */
  private static String standardBase64(ImageSource.Inline inline, String param) {
    String data = inline.base64();
    for (int k = 0; k < data.length(); k++) {
      char c = data.charAt(k);
      boolean standard = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/' || c == '=';
      if (!standard) {
        return Base64.getEncoder().encodeToString(decode(data, param));
      }
    }
    return data;
  }

  private static byte[] decode(String data, String param) {
    try {
      return Base64.getMimeDecoder().decode(data.replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid("The image data is not valid base64.", param);
    }
  }

  /** OpenAI's arguments text as the JSON object Bedrock wants. */
  private static JsonNode arguments(String text, String param) {
    if (text.isBlank()) {
      return ConverseJson.object();
    }
    JsonNode node;
    try {
      node = ConverseJson.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw GatewayException.invalid("Tool-call arguments must be valid JSON.", param);
    }
    if (node == null || !node.isObject()) {
      throw GatewayException.invalid("Tool-call arguments must be a JSON object.", param);
    }
    return node;
  }

  private static String partPath(int message, int part) {
    return "messages[" + message + "].content[" + part + "]";
  }
}
