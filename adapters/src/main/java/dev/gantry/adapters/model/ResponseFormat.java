package dev.gantry.adapters.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The output format the client asked for.
 *
 * @param name the schema's name (json_schema only), or null
 * @param schema the JSON Schema (json_schema only), or null
 * @param strict the strict flag (json_schema only), or null
 */
public record ResponseFormat(Type type, String name, JsonNode schema, Boolean strict) {

  public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, null, null);
  public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Type.JSON_OBJECT, null, null, null);

  public enum Type { TEXT, JSON_OBJECT, JSON_SCHEMA }

  public ResponseFormat {
    Objects.requireNonNull(type, "type");
  }

  public static ResponseFormat jsonSchema(String name, JsonNode schema, Boolean strict) {
    return new ResponseFormat(Type.JSON_SCHEMA, name, Objects.requireNonNull(schema, "schema"), strict);
  }
}
