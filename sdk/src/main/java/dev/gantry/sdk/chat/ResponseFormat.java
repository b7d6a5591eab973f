package dev.gantry.sdk.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.internal.Json;
import java.util.Objects;

/** The form of the answer: text, any JSON object, or JSON following a schema. */
public final class ResponseFormat {
  private final ObjectNode value;

  private ResponseFormat(ObjectNode value) {
    this.value = value;
  }

  /** Plain text (the default). */
  public static ResponseFormat text() {
    return new ResponseFormat(Json.MAPPER.createObjectNode().put("type", "text"));
  }

  /** Any JSON object. */
  public static ResponseFormat jsonObject() {
    return new ResponseFormat(Json.MAPPER.createObjectNode().put("type", "json_object"));
  }

  /**
   * JSON following {@code schema} (a JSON text, a {@code JsonNode} or a {@code Map}).
   *
   * @param strict whether the schema is enforced exactly
   */
  public static ResponseFormat jsonSchema(String name, Object schema, boolean strict) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("type", "json_schema");
    ObjectNode s = o.putObject("json_schema").put("name", Objects.requireNonNull(name, "name"));
    s.set("schema", Tool.toNode(schema));
    s.put("strict", strict);
    return new ResponseFormat(o);
  }

  ObjectNode toJson() {
    return value.deepCopy();
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
