package dev.gantry.sdk.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.internal.Json;
import java.util.Objects;

/**
 * A function the model may call.
 *
 * @param name the function's name
 * @param description what it does, or null
 * @param parameters its arguments' JSON Schema
 * @param strict whether arguments must follow the schema exactly, or null for the default
 */
public record Tool(String name, String description, JsonNode parameters, Boolean strict) {
  /** Checks name and schema are present. */
  public Tool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parameters, "parameters");
    parameters = parameters.deepCopy();
  }

  /**
   * A function tool; {@code schema} is a JSON text, a {@link JsonNode} or a {@code Map}.
   */
  public static Tool function(String name, String description, Object schema) {
    return new Tool(name, description, toNode(schema), null);
  }

  /** This tool with strict argument checking. */
  public Tool withStrict() {
    return new Tool(name, description, parameters, true);
  }

  static JsonNode toNode(Object schema) {
    Objects.requireNonNull(schema, "schema");
    if (schema instanceof String s) {
      try {
        return Json.MAPPER.readTree(s);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("schema is not JSON: " + e.getOriginalMessage(), e);
      }
    }
    return Json.MAPPER.valueToTree(schema);
  }

  ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode().put("type", "function");
    ObjectNode f = o.putObject("function").put("name", name);
    if (description != null) {
      f.put("description", description);
    }
    f.set("parameters", parameters.deepCopy());
    if (strict != null) {
      f.put("strict", strict);
    }
    return o;
  }
}
