package dev.gantry.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Typed, validating reads of a client's JSON request. Every failure is an
 * {@code INVALID_REQUEST} naming the JSON path of the field (e.g. {@code messages[2].role}), with
 * messages worded like OpenAI's own. A JSON {@code null} counts as absent.
 */
final class Fields {

  private Fields() {}

  /** {@code parent.field}, or {@code field} at the top level. */
  static String path(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  /** {@code parent[i]}. */
  static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }

  /** The field's value, or null when it is absent or JSON null. */
  static JsonNode present(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    return v == null || v.isNull() ? null : v;
  }

  static void requireObject(JsonNode node, String path) {
    if (!node.isObject()) {
      if (path.isEmpty()) {
        throw GatewayException.invalid("The request body must be a JSON object.", null);
      }
      throw type(path, "an object", node);
    }
  }

  static String requiredString(JsonNode obj, String field, String parent) {
    String value = optString(obj, field, parent);
    if (value == null) {
      throw missing(path(parent, field));
    }
    return value;
  }

  /** A required string that must not be empty. */
  static String requiredNonEmpty(JsonNode obj, String field, String parent) {
    String value = requiredString(obj, field, parent);
    if (value.isEmpty()) {
      String p = path(parent, field);
      throw GatewayException.invalid("Invalid '" + p
          + "': empty string. Expected a string with minimum length 1, but got an empty string "
          + "instead.", p);
    }
    return value;
  }

  static String optString(JsonNode obj, String field, String parent) {
    JsonNode v = present(obj, field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw type(path(parent, field), "a string", v);
    }
    return v.textValue();
  }

  /** An optional string restricted to {@code allowed} values. */
  static String optOneOf(JsonNode obj, String field, String parent, String... allowed) {
    String value = optString(obj, field, parent);
    if (value != null) {
      checkOneOf(value, path(parent, field), allowed);
    }
    return value;
  }

  static void checkOneOf(String value, String path, String... allowed) {
    for (String a : allowed) {
      if (a.equals(value)) {
        return;
      }
    }
    throw invalidValue(value, path, allowed);
  }

  static Double optDecimal(JsonNode obj, String field, String parent, double min, double max) {
    JsonNode v = present(obj, field);
    if (v == null) {
      return null;
    }
    String p = path(parent, field);
    if (!v.isNumber()) {
      throw type(p, "a decimal", v);
    }
    double d = v.doubleValue();
    checkRange(p, "decimal", d, min, max, v.asText());
    return d;
  }

  static Integer optInt(JsonNode obj, String field, String parent, int min, int max) {
    JsonNode v = present(obj, field);
    if (v == null) {
      return null;
    }
    String p = path(parent, field);
    if (!v.isIntegralNumber()) {
      throw type(p, "an integer", v);
    }
    checkRange(p, "integer", v.doubleValue(), min, max, v.asText());
    return v.intValue();
  }

  static Long optLong(JsonNode obj, String field, String parent) {
    JsonNode v = present(obj, field);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw type(path(parent, field), "an integer", v);
    }
    return v.longValue();
  }

  static Boolean optBool(JsonNode obj, String field, String parent) {
    JsonNode v = present(obj, field);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw type(path(parent, field), "a boolean", v);
    }
    return v.booleanValue();
  }

  static JsonNode optObject(JsonNode obj, String field, String parent) {
    JsonNode v = present(obj, field);
    if (v != null && !v.isObject()) {
      throw type(path(parent, field), "an object", v);
    }
    return v;
  }

  static JsonNode requiredObject(JsonNode obj, String field, String parent) {
    JsonNode v = optObject(obj, field, parent);
    if (v == null) {
      throw missing(path(parent, field));
    }
    return v;
  }

  static JsonNode optArray(JsonNode obj, String field, String parent) {
    JsonNode v = present(obj, field);
    if (v != null && !v.isArray()) {
      throw type(path(parent, field), "an array", v);
    }
    return v;
  }

  /** A required array with at least one element. */
  static JsonNode requiredNonEmptyArray(JsonNode obj, String field, String parent) {
    JsonNode v = optArray(obj, field, parent);
    String p = path(parent, field);
    if (v == null) {
      throw missing(p);
    }
    if (v.isEmpty()) {
      throw emptyArray(p);
    }
    return v;
  }

  static GatewayException emptyArray(String path) {
    return GatewayException.invalid("Invalid '" + path + "': empty array. Expected an array with "
        + "minimum length 1, but got an empty array instead.", path);
  }

  /** The top-level fields not in {@code known}, as they came. */
  static ObjectNode extensions(JsonNode body, Set<String> known) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = body.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!known.contains(e.getKey())) {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  static GatewayException missing(String path) {
    return GatewayException.invalid("Missing required parameter: '" + path + "'.", path);
  }

  static GatewayException type(String path, String expected, JsonNode actual) {
    return GatewayException.invalid("Invalid type for '" + path + "': expected " + expected
        + ", but got " + describe(actual) + " instead.", path);
  }

  static GatewayException invalidValue(String value, String path, String... allowed) {
    StringBuilder sb = new StringBuilder("Invalid value: '").append(shorten(value))
        .append("'. Supported values are: ");
    for (int i = 0; i < allowed.length; i++) {
      if (i > 0) {
        sb.append(i == allowed.length - 1 ? (allowed.length > 2 ? ", and " : " and ") : ", ");
      }
      sb.append('\'').append(allowed[i]).append('\'');
    }
    return GatewayException.invalid(sb.append('.').toString(), path);
  }

  private static void checkRange(String path, String kind, double value, double min, double max,
      String text) {
    if (value < min) {
      throw GatewayException.invalid("Invalid '" + path + "': " + kind + " below minimum value. "
          + "Expected a value >= " + number(min) + ", but got " + text + " instead.", path);
    }
    if (value > max) {
      throw GatewayException.invalid("Invalid '" + path + "': " + kind + " above maximum value. "
          + "Expected a value <= " + number(max) + ", but got " + text + " instead.", path);
    }
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static String shorten(String value) {
    return value.length() > 64 ? value.substring(0, 64) + "..." : value;
  }

  private static String describe(JsonNode v) {
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isIntegralNumber()) {
      return "an integer";
    }
    if (v.isNumber()) {
      return "a decimal";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isArray()) {
      return "an array";
    }
    if (v.isObject()) {
      return "an object";
    }
    return "null";
  }
}
