package dev.gantry.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two JSON documents, as readable lines ({@code models.chat.deployments[0]
 * .weight: 1 -> 3}), and the masking of secret values, so that neither diffs nor the audit log
 * ever show a secret: a field whose name says it holds one ({@code api_key}, {@code password},
 * {@code credentials}, ...) is shown as {@code ***} unless it is a reference ({@code env:NAME},
 * {@code file:/path}), and so is every value of a provider's {@code headers} and
 * {@code query_params} (where {@code Authorization} or Azure's {@code api-key} may sit).
 */
final class JsonDiff {

  /** Where the models list is keyed by name rather than position. */
  private static final String MODELS = "models";

  /** Fields whose names contain a secret's word but that hold none ({@code tokenizer: hf:...}). */
  private static final Set<String> NOT_SECRET = Set.of("tokenizer");

  /** Maps whose every value may be a credential (extra headers, query parameters). */
  private static final Set<String> SECRET_MAPS = Set.of("headers", "query_params");

  private JsonDiff() {}

  /** The changes from {@code before} to {@code after}, one line each, secrets masked. */
  static List<String> changes(JsonNode before, JsonNode after) {
    List<String> out = new ArrayList<>();
    walk("", byName(before), byName(after), out);
    return out;
  }

  /** A copy of {@code node} with secret values masked. */
  static JsonNode masked(JsonNode node) {
    if (node == null) {
      return null;
    }
    JsonNode copy = node.deepCopy();
    mask(copy, null);
    return copy;
  }

  /**
   * Whether {@code field}, a field of the object held by {@code parent} (null at the top), holds
   * a secret.
   */
  static boolean secret(String parent, String field) {
    if (parent != null && SECRET_MAPS.contains(parent.toLowerCase(Locale.ROOT))) {
      return true;
    }
    String f = field.toLowerCase(Locale.ROOT);
    return !NOT_SECRET.contains(f) && (f.contains("key") || f.contains("secret")
        || f.contains("token") || f.contains("password") || f.contains("credentials"));
  }

  private static void mask(JsonNode node, String parent) {
    if (node instanceof ObjectNode) {
      ObjectNode object = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (secret(parent, e.getKey()) && e.getValue().isTextual()
            && !reference(e.getValue().asText())) {
          e.setValue(TextNode.valueOf("***"));
        } else {
          mask(e.getValue(), e.getKey());
        }
      }
    } else if (node instanceof ArrayNode) {
      node.forEach(n -> mask(n, null));
    }
  }

  private static boolean reference(String value) {
    return value.startsWith("env:") || value.startsWith("file:");
  }

  /** The document with its models list as an object keyed by alias name (diffs by name). */
  private static JsonNode byName(JsonNode doc) {
    if (doc == null || !doc.isObject() || !doc.path(MODELS).isArray()) {
      return doc;
    }
    ObjectNode copy = doc.deepCopy();
    ObjectNode models = copy.objectNode();
    for (JsonNode m : doc.get(MODELS)) {
      models.set(m.path("name").asText(), m);
    }
    copy.set(MODELS, models);
    return copy;
  }

  private static void walk(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a != null && b != null && (a.equals(b) || sameNumber(a, b))) {
      return;
    }
    if (a != null && b != null && a.isObject() && b.isObject()) {
      TreeSet<String> fields = new TreeSet<>();
      a.fieldNames().forEachRemaining(fields::add);
      b.fieldNames().forEachRemaining(fields::add);
      for (String f : fields) {
        walk(path.isEmpty() ? f : path + "." + f, a.get(f), b.get(f), out);
      }
      return;
    }
    if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        walk(path + "[" + i + "]", a.get(i), b.get(i), out);
      }
      return;
    }
    int dot = path.lastIndexOf('.');
    String field = path.substring(dot + 1);
    String parent = dot < 0 ? null : path.substring(path.lastIndexOf('.', dot - 1) + 1, dot);
    if (secret(parent, field)) {
      out.add(path + ": " + (a == null ? "added" : b == null ? "removed" : "changed"));
    } else if (a == null) {
      out.add(path + ": added " + text(b));
    } else if (b == null) {
      out.add(path + ": removed");
    } else {
      out.add(path + ": " + text(a) + " -> " + text(b));
    }
  }

  /** Whether both are the same number, whatever their types ({@code 1000} as int or long). */
  private static boolean sameNumber(JsonNode a, JsonNode b) {
    return a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
  }

  private static String text(JsonNode node) {
    JsonNode shown = masked(node);
    String s = shown.isValueNode() ? shown.asText() : shown.toString();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
