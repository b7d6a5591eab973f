package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import java.util.List;

/**
 * OpenAI {@code tools} and {@code tool_choice} → Converse {@code toolConfig} (providers.md §1.2).
 *
 * <ul>
 *   <li>Each function becomes {@code {toolSpec:{name, description?, inputSchema:{json}, strict?}}};
 *       a function without parameters gets the empty object schema Bedrock requires.
 *   <li>{@code tool_choice}: {@code auto} or absent sends no {@code toolChoice} (Bedrock's default
 *       is auto, and some models reject the field); {@code required} → {@code {any:{}}}; a named
 *       function → {@code {tool:{name}}}; {@code none} drops the tools, as Converse has no such
 *       choice. Models that cannot be forced (the service model names Claude and Nova as the ones
 *       that can) answer with a ValidationException.
 * </ul>
 */
final class ConverseTools {

  private ConverseTools() {}

  /** The {@code toolConfig}, or null when no tools are to be offered. */
  static ObjectNode toolConfig(List<ToolDefinition> tools, ToolChoice choice) {
    if (tools.isEmpty() || (choice != null && choice.mode() == ToolChoice.Mode.NONE)) {
      return null;
    }
    ObjectNode config = ConverseJson.object();
    ArrayNode specs = config.putArray("tools");
    for (ToolDefinition tool : tools) {
      ObjectNode spec = specs.addObject().putObject("toolSpec");
      spec.put("name", tool.name());
      if (tool.description() != null && !tool.description().isEmpty()) {
        spec.put("description", tool.description());
      }
      ObjectNode schema = spec.putObject("inputSchema");
      if (tool.parameters() == null) {
        schema.putObject("json").put("type", "object").putObject("properties");
      } else {
        schema.set("json", tool.parameters());
      }
      if (tool.strict() != null) {
        spec.put("strict", tool.strict());
      }
    }
    if (choice != null && choice.mode() == ToolChoice.Mode.REQUIRED) {
      config.putObject("toolChoice").putObject("any");
    } else if (choice != null && choice.mode() == ToolChoice.Mode.FUNCTION) {
      config.putObject("toolChoice").putObject("tool").put("name", choice.function());
    }
    return config;
  }
}
