package dev.gantry.policies.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.openai.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * One JSON tree → one byte string, whatever order its objects' keys came in: keys sorted
 * (by UTF-16 code units, {@link String#compareTo}) at every depth, no whitespace, and every
 * number written as its value ({@code 1}, {@code 1.0} and {@code 1e0} are all {@code 1}), so
 * two trees that mean the same JSON hash the same. Strings are kept exactly: a different
 * character (or Unicode normalization form) may tokenize differently, so it is a different request.
 */
final class CanonicalJson {

  private CanonicalJson() {}

  /** Lower-case hex SHA-256 of the canonical bytes of {@code node}. */
  static String sha256(JsonNode node) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    write(node, new DigestOutputStream(OutputStream.nullOutputStream(), digest));
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The canonical bytes themselves (for tests and debugging). */
  static byte[] bytes(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(node, out);
    return out.toByteArray();
  }

  private static void write(JsonNode node, OutputStream out) {
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      value(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void value(JsonGenerator g, JsonNode node) throws IOException {
    if (node.isObject()) {
      List<String> names = new ArrayList<>(node.size());
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      g.writeStartObject();
      for (String name : names) {
        g.writeFieldName(name);
        value(g, node.get(name));
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode item : node) {
        value(g, item);
      }
      g.writeEndArray();
    } else if (node.isNumber()) {
      g.writeNumber(node.decimalValue().stripTrailingZeros().toString());
    } else {
      g.writeTree(node);
    }
  }
}
