package dev.gantry.policies.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.openai.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Writes a JSON tree as a client might: object keys in a random order, random whitespace between
 * tokens, and integers sometimes as {@code 2.0}. Same JSON, different bytes.
 */
final class Reformat {

  private static final String[] SPACE = {"", " ", "\n", "\t", "  \r\n  "};

  private Reformat() {}

  static String json(JsonNode node, Random random) {
    StringBuilder out = new StringBuilder();
    write(node, random, out);
    return out.toString();
  }

  private static void write(JsonNode node, Random random, StringBuilder out) {
    out.append(SPACE[random.nextInt(SPACE.length)]);
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.shuffle(names, random);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        out.append(i == 0 ? "" : ",").append(SPACE[random.nextInt(SPACE.length)]);
        out.append(quote(names.get(i))).append(SPACE[random.nextInt(SPACE.length)]).append(':');
        write(node.get(names.get(i)), random, out);
      }
      out.append(SPACE[random.nextInt(SPACE.length)]).append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(node.get(i), random, out);
      }
      out.append(']');
    } else if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())
        && random.nextBoolean()) {
      out.append((long) node.doubleValue());
    } else {
      out.append(node.toString());
    }
    out.append(SPACE[random.nextInt(SPACE.length)]);
  }

  private static String quote(String s) {
    try {
      return Json.MAPPER.writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
