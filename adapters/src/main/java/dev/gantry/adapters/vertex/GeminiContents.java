package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.spi.GatewayException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI messages → Gemini {@code contents} and {@code systemInstruction} (providers.md §3.2).
 *
 * <ul>
 *   <li>System and developer messages, wherever they are, become the parts of
 *       {@code systemInstruction}, in order.
 *   <li>User messages are {@code user} contents: text parts, images inline as {@code inlineData},
 *       {@code gs://} images as {@code fileData} with the media type their extension tells.
 *   <li>Assistant messages are {@code model} contents: text parts, then each tool call as a
 *       {@code functionCall} whose {@code args} is the parsed arguments object, with the
 *       {@code thoughtSignature} and Gemini id the call id carries ({@link GeminiToolIds}).
 *       Reasoning blocks are not sent: Gemini takes its thoughts back only as signatures.
 *   <li>Tool messages are {@code functionResponse} parts of one {@code user} content per run of
 *       consecutive results, named after the earlier assistant call with that id; a result that
 *       is a JSON object is the {@code response}, anything else is wrapped as
 *       {@code {"result": text}}.
 * </ul>
 */
final class GeminiContents {

  private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg",
      "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp", "gif", "image/gif", "heic",
      "image/heic", "heif", "image/heif", "pdf", "application/pdf");

  private GeminiContents() {}

  /** The {@code systemInstruction}, or null when there are no instruction messages. */
  static ObjectNode systemInstruction(List<Message> messages) {
    ArrayNode parts = GeminiJson.JSON.createArrayNode();
    for (Message m : messages) {
      if (m.role().isInstruction()) {
        parts.addObject().put("text", m.text());
      }
    }
    if (parts.isEmpty()) {
      return null;
    }
    ObjectNode instruction = GeminiJson.object();
    instruction.set("parts", parts);
    return instruction;
  }

  /**
   * The {@code contents}.
   *
   * @throws GatewayException INVALID_REQUEST for arguments that are not a JSON object or a tool
   *     result answering no earlier call
   * @throws IllegalArgumentException for an image still given by an http(s) URL (the adapter
   *     fetches those first)
   */
  static ArrayNode contents(List<Message> messages) {
    Map<String, String> callNames = new HashMap<>();
    ArrayNode contents = GeminiJson.JSON.createArrayNode();
    ArrayNode results = null;
    for (Message m : messages) {
      if (m.role() == Role.TOOL) {
        if (results == null) {
          results = content(contents, "user");
        }
        results.addObject().set("functionResponse", functionResponse(m, callNames));
        continue;
      }
      results = null;
      if (m.role() == Role.USER) {
        ArrayNode parts = content(contents, "user");
        for (ContentPart part : m.content()) {
          parts.add(part(part));
        }
      } else if (m.role() == Role.ASSISTANT) {
        assistant(m, contents, callNames);
      }
    }
    return contents;
  }

  private static void assistant(Message m, ArrayNode contents, Map<String, String> callNames) {
    if (m.toolCalls().isEmpty() && m.text().isEmpty()) {
      return;
    }
    ArrayNode parts = content(contents, "model");
    String text = m.text();
    if (!text.isEmpty()) {
      parts.addObject().put("text", text);
    }
    for (ToolCall call : m.toolCalls()) {
      callNames.put(call.id(), call.name());
      ObjectNode part = parts.addObject();
      ObjectNode fc = part.putObject("functionCall");
      fc.put("name", call.name());
      fc.set("args", arguments(call));
      String upstreamId = GeminiToolIds.upstreamId(call.id());
      if (upstreamId != null) {
        fc.put("id", upstreamId);
      }
      String signature = GeminiToolIds.signature(call.id());
      if (signature != null) {
        part.put("thoughtSignature", signature);
      }
    }
  }

  private static JsonNode arguments(ToolCall call) {
    JsonNode args = call.arguments().isBlank() ? GeminiJson.object()
        : GeminiJson.tryParse(call.arguments());
    if (args == null || !args.isObject()) {
      throw GatewayException.invalid("The arguments of tool call `" + call.id()
          + "` are not a JSON object; Gemini needs an object.", "messages");
    }
    return args;
  }

  private static ObjectNode functionResponse(Message m, Map<String, String> callNames) {
    String name = m.toolCallId() == null ? null : callNames.get(m.toolCallId());
    if (name == null) {
      throw GatewayException.invalid("A tool message answers `" + m.toolCallId()
          + "`, which no earlier assistant tool call has; Gemini needs the function's name.",
          "messages");
    }
    ObjectNode response = GeminiJson.object();
    response.put("name", name);
    String upstreamId = GeminiToolIds.upstreamId(m.toolCallId());
    if (upstreamId != null) {
      response.put("id", upstreamId);
    }
    String text = m.text();
    JsonNode parsed = GeminiJson.tryParse(text);
    if (parsed != null && parsed.isObject()) {
      response.set("response", parsed);
    } else {
      response.putObject("response").put("result", text);
    }
    return response;
  }

  private static ObjectNode part(ContentPart part) {
    ObjectNode out = GeminiJson.object();
    if (part instanceof ContentPart.Text) {
      out.put("text", ((ContentPart.Text) part).text());
      return out;
    }
    ImageSource source = ((ContentPart.Image) part).source();
    if (source instanceof ImageSource.Inline) {
      ImageSource.Inline inline = (ImageSource.Inline) source;
      out.putObject("inlineData").put("mimeType", inline.mediaType()).put("data", inline.base64());
      return out;
    }
    String url = ((ImageSource.Url) source).url();
    if (!url.regionMatches(true, 0, "gs://", 0, 5)) {
      throw new IllegalArgumentException(
          "remote images must be fetched and inlined before translation");
    }
    out.putObject("fileData").put("mimeType", mediaType(url)).put("fileUri", url);
    return out;
  }

  private static String mediaType(String gsUri) {
    int dot = gsUri.lastIndexOf('.');
    String type = dot < gsUri.lastIndexOf('/') || dot < 0 ? null
        : IMAGE_TYPES.get(gsUri.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (type == null) {
      throw GatewayException.invalid("The media type of a gs:// image is told by its file "
          + "extension (png, jpg, jpeg, webp, gif, heic, heif, pdf); this one has none of them.",
          "messages");
    }
    return type;
  }

  /** Appends a content of this role and returns its parts. */
  private static ArrayNode content(ArrayNode contents, String role) {
    ObjectNode content = contents.addObject();
    content.put("role", role);
    return content.putArray("parts");
  }
}
