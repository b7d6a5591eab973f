package dev.gantry.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of fields from a YAML tree. Every problem becomes one {@code path: message} error
 * and the read returns its default, so a whole file is checked in one pass. An explicit YAML
 * {@code null} (including an empty value, {@code field:}) counts as absent, except for a secret,
 * which must then be a non-empty string. Values are never copied into messages where they could
 * be secrets. One instance per load; not thread-safe.
 */
final class TreeReader {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(B|KB|KiB|MB|MiB|GB|GiB)?");

  private final Map<String, String> env;
  private final List<String> errors = new ArrayList<>();

  TreeReader(Map<String, String> env) {
    this.env = env;
  }

  /** The path of {@code field} inside the object at {@code path} ({@code ""} is the root). */
  static String at(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** The path of element {@code index} of the list at {@code path}. */
  static String at(String path, int index) {
    return path + "[" + index + "]";
  }

  void error(String path, String message) {
    errors.add(path.isEmpty() ? message : path + ": " + message);
  }

  int errorCount() {
    return errors.size();
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  /** True if {@code node} is a mapping; reports each field not in {@code allowed}. */
  boolean object(JsonNode node, String path, Set<String> allowed) {
    if (!node.isObject()) {
      error(path, "must be a mapping");
      return false;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      if (!allowed.contains(name)) {
        error(at(path, name), "unknown field");
      }
    }
    return true;
  }

  /** The field's node, or null when it is absent or YAML {@code null}. */
  static JsonNode present(JsonNode object, String field) {
    JsonNode node = object.get(field);
    return node == null || node.isNull() ? null : node;
  }

  /** True if the field is there and not {@code null}. */
  static boolean has(JsonNode object, String field) {
    return present(object, field) != null;
  }

  /** A non-empty string that must be present; null after reporting an error. */
  String requiredString(JsonNode object, String path, String field) {
    if (!has(object, field)) {
      error(at(path, field), "required");
      return null;
    }
    return string(object, path, field, null);
  }

  /** A non-empty string, or {@code fallback} when absent or wrong. */
  String string(JsonNode object, String path, String field, String fallback) {
    JsonNode node = present(object, field);
    if (node == null) {
      return fallback;
    }
    return text(node, at(path, field), fallback);
  }

  /** The node as a non-empty string, or {@code fallback} after reporting why it is not one. */
  String text(JsonNode node, String path, String fallback) {
    if (!node.isTextual()) {
      error(path, "must be a string (quote numbers and booleans)");
      return fallback;
    }
    if (node.textValue().isEmpty()) {
      error(path, "must not be empty");
      return fallback;
    }
    return node.textValue();
  }

  /** An integer in {@code [min, max]}, or {@code fallback}. */
  int integer(JsonNode object, String path, String field, int fallback, int min, int max) {
    JsonNode node = present(object, field);
    if (node == null) {
      return fallback;
    }
    String where = at(path, field);
    if (!node.isIntegralNumber()) {
      error(where, "must be an integer");
      return fallback;
    }
    if (!node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
      error(where, max == Integer.MAX_VALUE ? "must be at least " + min
          : "must be between " + min + " and " + max);
      return fallback;
    }
    return node.intValue();
  }

  /** A boolean ({@code true} or {@code false}, unquoted), or {@code fallback}. */
  boolean bool(JsonNode object, String path, String field, boolean fallback) {
    JsonNode node = present(object, field);
    if (node == null) {
      return fallback;
    }
    if (!node.isBoolean()) {
      error(at(path, field), "must be true or false");
      return fallback;
    }
    return node.booleanValue();
  }

  /** A number (integer or decimal), or {@code fallback}. */
  double decimal(JsonNode object, String path, String field, double fallback) {
    JsonNode node = present(object, field);
    if (node == null) {
      return fallback;
    }
    if (!node.isNumber()) {
      error(at(path, field), "must be a number");
      return fallback;
    }
    return node.doubleValue();
  }

  /** A duration such as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; greater than 0. */
  Duration duration(JsonNode object, String path, String field, Duration fallback) {
    JsonNode node = present(object, field);
    if (node == null) {
      return fallback;
    }
    String where = at(path, field);
    Matcher m = node.isTextual() ? DURATION.matcher(node.textValue()) : null;
    if (m == null || !m.matches()) {
      error(where, "must be a duration like 500ms, 30s, 2m or 1h");
      return fallback;
    }
    long amount = Long.parseLong(m.group(1));
    if (amount == 0) {
      error(where, "must be greater than 0");
      return fallback;
    }
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      default:
        return Duration.ofHours(amount);
    }
  }

  /** A byte count: an integer, or a string with a unit B, KB, KiB, MB, MiB, GB, GiB. */
  long byteSize(JsonNode object, String path, String field, long fallback) {
    JsonNode node = present(object, field);
    if (node == null) {
      return fallback;
    }
    String where = at(path, field);
    Matcher m = node.isIntegralNumber() ? SIZE.matcher(node.asText())
        : node.isTextual() ? SIZE.matcher(node.textValue()) : null;
    if (m == null || !m.matches()) {
      error(where, "must be a size like 1048576, 512KiB or 20MiB");
      return fallback;
    }
    try {
      long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit(m.group(2)));
      if (bytes > 0) {
        return bytes;
      }
      error(where, "must be greater than 0");
    } catch (ArithmeticException | NumberFormatException e) {
      error(where, "is too large");
    }
    return fallback;
  }

  private static long unit(String unit) {
    if (unit == null || unit.equals("B")) {
      return 1;
    }
    long base = unit.contains("i") ? 1024 : 1000;
    switch (unit.charAt(0)) {
      case 'K':
        return base;
      case 'M':
        return base * base;
      default:
        return base * base * base;
    }
  }

  /** A mapping of string to string (headers, query parameters); empty when absent. */
  Map<String, String> stringMap(JsonNode object, String path, String field) {
    JsonNode node = present(object, field);
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    String where = at(path, field);
    if (!node.isObject()) {
      error(where, "must be a mapping");
      return out;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String value = text(e.getValue(), at(where, e.getKey()), null);
      if (value != null) {
        out.put(e.getKey(), value);
      }
    }
    return out;
  }

  /** A list of non-empty strings; empty when absent. Paths of elements are {@code field[i]}. */
  List<String> stringList(JsonNode object, String path, String field) {
    JsonNode node = present(object, field);
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    String where = at(path, field);
    if (!node.isArray()) {
      error(where, "must be a list");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(text(node.get(i), at(where, i), null));
    }
    return out;
  }

  /**
   * A secret reference: {@code env:NAME}, {@code file:/path} or a literal. Not resolved, but a
   * variable missing from the environment or an unreadable file is reported. Null when absent or
   * wrong.
   */
  SecretRef secret(JsonNode object, String path, String field) {
    JsonNode node = object.get(field);
    if (node == null) {
      return null;
    }
    String where = at(path, field);
    if (!node.isTextual() || node.textValue().isEmpty()) {
      error(where, "must be a non-empty string");
      return null;
    }
    String text = node.textValue();
    int mark = errorCount();
    if (text.startsWith("env:")) {
      checkEnv(text.substring(4), where);
    } else if (text.startsWith("file:")) {
      checkFile(text.substring(5), where);
    }
    return errorCount() == mark ? SecretRef.parse(text) : null;
  }

  /**
   * Reads a secret that must be checked at load time (a service-account key), or returns null
   * after reporting why it cannot be read; the message names the variable or file, never the value.
   */
  String resolve(SecretRef ref, String where) {
    try {
      return ref.resolve(env);
    } catch (IllegalStateException e) {
      error(where, e.getMessage());
      return null;
    }
  }

  private void checkEnv(String name, String where) {
    if (name.isEmpty()) {
      error(where, "env: needs a variable name");
    } else if (!env.containsKey(name)) {
      error(where, "environment variable " + name + " is not set");
    } else if (env.get(name).isEmpty()) {
      error(where, "environment variable " + name + " is empty");
    }
  }

  private void checkFile(String location, String where) {
    if (location.isEmpty()) {
      error(where, "file: needs a path");
      return;
    }
    try {
      Path file = Path.of(location);
      if (!Files.exists(file)) {
        error(where, "secret file " + location + " does not exist");
      } else if (!Files.isRegularFile(file)) {
        error(where, "secret file " + location + " is not a regular file");
      } else if (!Files.isReadable(file)) {
        error(where, "secret file " + location + " is not readable");
      }
    } catch (InvalidPathException e) {
      error(where, "secret file " + location + " is not a valid path");
    }
  }
}
