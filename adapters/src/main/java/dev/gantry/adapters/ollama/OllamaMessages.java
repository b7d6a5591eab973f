package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Map;

/**
 * Canonical messages to Ollama's {@code messages}: {@code {role, content, images?, tool_calls?,
 * tool_name?}}. Text parts are joined into {@code content}; inline images become bare base64 in
 * {@code images}; tool-call arguments become objects; a tool result names its tool, found through
 * the earlier assistant call it answers (Ollama has no call ids).
 */
final class OllamaMessages {

  private OllamaMessages() {}

  static ArrayNode toWire(List<Message> messages) {
    ArrayNode out = OllamaApi.JSON.createArrayNode();
    Map<String, String> toolNames = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      ObjectNode wire = out.addObject();
      wire.put("role", role(message.role()));
      wire.put("content", message.text());
      ArrayNode images = images(message, i);
      if (!images.isEmpty()) {
        wire.set("images", images);
      }
      if (!message.toolCalls().isEmpty()) {
        wire.set("tool_calls", toolCalls(message, i, toolNames));
      }
      if (message.role() == Role.TOOL) {
        wire.put("tool_name", toolName(message, i, toolNames));
      }
    }
    return out;
  }

  private static String role(Role role) {
    if (role.isInstruction()) {
      return "system";
    }
    return role.wire();
  }

  private static ArrayNode images(Message message, int i) {
    ArrayNode images = OllamaApi.JSON.createArrayNode();
    List<ContentPart> parts = message.content();
    for (int j = 0; j < parts.size(); j++) {
      if (!(parts.get(j) instanceof ContentPart.Image)) {
        continue;
      }
      ImageSource source = ((ContentPart.Image) parts.get(j)).source();
      if (!(source instanceof ImageSource.Inline)) {
        throw GatewayException.unsupported(
            "Ollama deployments take inline images only (data: URLs with base64 data); "
                + "the gateway does not fetch image URLs.",
            "messages[" + i + "].content[" + j + "].image_url");
      }
      images.add(((ImageSource.Inline) source).base64());
    }
    return images;
  }

  private static ArrayNode toolCalls(Message message, int i, Map<String, String> toolNames) {
    ArrayNode calls = OllamaApi.JSON.createArrayNode();
    List<ToolCall> toolCalls = message.toolCalls();
    for (int k = 0; k < toolCalls.size(); k++) {
      ToolCall call = toolCalls.get(k);
      toolNames.put(call.id(), call.name());
      ObjectNode function = calls.addObject().putObject("function");
      function.put("name", call.name());
      function.set("arguments",
          arguments(call.arguments(), "messages[" + i + "].tool_calls[" + k + "].function.arguments"));
    }
    return calls;
  }

  /** OpenAI carries arguments as JSON text; Ollama wants the object itself. */
  private static JsonNode arguments(String text, String param) {
    if (text.isBlank()) {
      return OllamaApi.JSON.createObjectNode();
    }
    JsonNode parsed;
    try {
      parsed = OllamaApi.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw GatewayException.invalid("Tool call arguments must be valid JSON.", param);
    }
    if (parsed == null || !parsed.isObject()) {
      throw GatewayException.invalid("Tool call arguments must be a JSON object.", param);
    }
    return parsed;
  }

  private static String toolName(Message message, int i, Map<String, String> toolNames) {
    String name = message.toolCallId() == null ? null : toolNames.get(message.toolCallId());
    if (name == null) {
      name = message.name();
    }
    if (name == null) {
      throw GatewayException.invalid(
          "A tool message must answer a tool call made by an earlier assistant message.",
          "messages[" + i + "].tool_call_id");
    }
    return name;
  }
}
