package dev.gantry.sdk.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gantry.sdk.internal.Json;
import java.util.Objects;

/** Whether and which tool the model must call: {@code auto}, {@code none}, {@code required} or one function. */
public final class ToolChoice {
  private final JsonNode value;

  private ToolChoice(JsonNode value) {
    this.value = value;
  }

  /** The model decides. */
  public static ToolChoice auto() {
    return new ToolChoice(TextNode.valueOf("auto"));
  }

  /** No tool calls. */
  public static ToolChoice none() {
    return new ToolChoice(TextNode.valueOf("none"));
  }

  /** At least one tool call. */
  public static ToolChoice required() {
    return new ToolChoice(TextNode.valueOf("required"));
  }

  /** A call of this function. */
  public static ToolChoice function(String name) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("type", "function");
    o.putObject("function").put("name", Objects.requireNonNull(name, "name"));
    return new ToolChoice(o);
  }

  JsonNode toJson() {
    return value.deepCopy();
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
