package dev.gantry.adapters.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical messages and tools as transformers hands them to a chat template: plain maps with only
 * the keys a message has ({@code 'tool_calls' in message} must be false without calls), content a
 * string (or a list of {@code {type: text|image}} parts when images are present), tool-call
 * arguments parsed into objects, tool results with {@code tool_call_id} and the tool's
 * {@code name}, and {@code reasoning_content} for an assistant's visible reasoning.
 */
final class TemplateInputs {

  private TemplateInputs() {}

  static List<Object> messages(List<Message> messages) {
    List<Object> out = new ArrayList<>(messages.size());
    Map<String, String> toolNames = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      out.add(message(messages.get(i), i, toolNames));
    }
    return out;
  }

  /** The OpenAI tool objects, or null when there are none (templates test {@code if tools}). */
  static List<Object> tools(List<ToolDefinition> tools) {
    if (tools == null || tools.isEmpty()) {
      return null;
    }
    List<Object> out = new ArrayList<>(tools.size());
    for (ToolDefinition tool : tools) {
      Map<String, Object> function = new LinkedHashMap<>();
      function.put("name", tool.name());
      if (tool.description() != null) {
        function.put("description", tool.description());
      }
      if (tool.parameters() != null) {
        function.put("parameters", plain(tool.parameters()));
      }
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put("type", "function");
      wire.put("function", function);
      out.add(wire);
    }
    return out;
  }

  private static Map<String, Object> message(Message m, int i, Map<String, String> toolNames) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("role", m.role().isInstruction() ? "system" : m.role().wire());
    wire.put("content", content(m));
    String reasoning = reasoning(m.reasoning());
    if (m.role() == Role.ASSISTANT && reasoning != null) {
      wire.put("reasoning_content", reasoning);
    }
    if (!m.toolCalls().isEmpty()) {
      wire.put("tool_calls", toolCalls(m.toolCalls(), i, toolNames));
    }
    if (m.role() == Role.TOOL) {
      if (m.toolCallId() != null) {
        wire.put("tool_call_id", m.toolCallId());
      }
      String name = m.toolCallId() == null ? null : toolNames.get(m.toolCallId());
      if (name == null) {
        name = m.name();
      }
      if (name != null) {
        wire.put("name", name);
      }
    } else if (m.name() != null) {
      wire.put("name", m.name());
    }
    return wire;
  }

  private static Object content(Message m) {
    if (!m.hasImages()) {
      return m.text();
    }
    List<Object> parts = new ArrayList<>();
    for (ContentPart part : m.content()) {
      Map<String, Object> wire = new LinkedHashMap<>();
      if (part instanceof ContentPart.Text) {
        wire.put("type", "text");
        wire.put("text", ((ContentPart.Text) part).text());
      } else {
        wire.put("type", "image");
        wire.put("url", ((ContentPart.Image) part).source().toUrl());
      }
      parts.add(wire);
    }
    return parts;
  }

  private static String reasoning(List<ReasoningBlock> blocks) {
    StringBuilder text = null;
    for (ReasoningBlock block : blocks) {
      if (!block.isRedacted()) {
        text = text == null ? new StringBuilder() : text;
        text.append(block.text());
      }
    }
    return text == null ? null : text.toString();
  }

  private static List<Object> toolCalls(List<ToolCall> calls, int i, Map<String, String> names) {
    List<Object> out = new ArrayList<>(calls.size());
    for (int k = 0; k < calls.size(); k++) {
      ToolCall call = calls.get(k);
      names.put(call.id(), call.name());
      Map<String, Object> function = new LinkedHashMap<>();
      function.put("name", call.name());
      function.put("arguments",
          arguments(call.arguments(), "messages[" + i + "].tool_calls[" + k + "].function.arguments"));
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put("id", call.id());
      wire.put("type", "function");
      wire.put("function", function);
      out.add(wire);
    }
    return out;
  }

  /** OpenAI carries arguments as JSON text; templates get the parsed object, as in transformers. */
  private static Object arguments(String text, String param) {
    if (text.isBlank()) {
      return new LinkedHashMap<String, Object>();
    }
    try {
      return plain(Json.MAPPER.readTree(text));
    } catch (JsonProcessingException e) {
      throw GatewayException.invalid("Tool call arguments must be valid JSON.", param);
    }
  }

  /** A JSON tree as maps, lists, strings, numbers, booleans and nulls, keys in order. */
  static Object plain(JsonNode node) {
    return Json.MAPPER.convertValue(node, Object.class);
  }
}
