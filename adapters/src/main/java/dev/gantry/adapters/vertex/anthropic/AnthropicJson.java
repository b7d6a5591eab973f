package dev.gantry.adapters.vertex.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON helpers for Messages bodies and events. */
final class AnthropicJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private AnthropicJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static Buffer write(JsonNode body) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An upstream JSON object (trailing padding is fine). */
  static JsonNode readObject(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text.strip());
    } catch (IOException e) {
      throw UpstreamErrors.malformed(e);
    }
    if (node == null || !node.isObject()) {
      throw malformed("not a JSON object");
    }
    return node;
  }

  /** A text field's value, or null when absent or not text. */
  static String string(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  /** An integer field's value, or 0 when absent. */
  static int count(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.canConvertToInt() ? value.intValue() : 0;
  }

  static RuntimeException malformed(String what) {
    return UpstreamErrors.malformed(new IllegalStateException(what));
  }
}
