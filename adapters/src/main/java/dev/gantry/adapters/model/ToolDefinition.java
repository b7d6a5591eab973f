package dev.gantry.adapters.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A function the model may call.
 *
 * @param description or null
 * @param parameters the JSON Schema of the arguments, or null for none
 * @param strict OpenAI's strict schema adherence flag, or null when not given
 */
public record ToolDefinition(String name, String description, JsonNode parameters, Boolean strict) {
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
  }
}
