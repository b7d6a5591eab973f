package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** The JSON plumbing of the Converse mappers. */
final class ConverseJson {

  /** Strings up to 64 MiB, so base64 images and long answers parse. */
  static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 << 20).build())
      .build());

  private ConverseJson() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static Buffer write(JsonNode body) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Compact JSON text of a tree (tool-call arguments, JSON schemas). */
  static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Parses an upstream JSON object (an event payload); anything else is the upstream's fault. */
  static JsonNode readObject(byte[] bytes) {
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      throw UpstreamErrors.malformed(e);
    }
    if (node == null || !node.isObject()) {
      throw UpstreamErrors.malformed(new IllegalStateException("a payload is not a JSON object"));
    }
    return node;
  }

  /** A non-empty string field, or null. */
  static String string(JsonNode parent, String field) {
    JsonNode v = parent.get(field);
    return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
  }
}
