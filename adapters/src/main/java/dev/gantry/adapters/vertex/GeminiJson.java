package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** The JSON plumbing of the Gemini mappers. */
final class GeminiJson {

  /** Strings up to 64 MiB, so base64 images and long answers parse. */
  static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 << 20).build())
      .build());

  private GeminiJson() {}

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

  /** Compact JSON text of a tree (tool-call arguments). */
  static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Parses a JSON text, or returns null when it is not JSON. */
  static JsonNode tryParse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  /** Parses an upstream JSON object (an SSE event's data); anything else is the upstream's fault. */
  static JsonNode readObject(String data) {
    JsonNode node;
    try {
      node = JSON.readTree(data);
    } catch (IOException e) {
      throw UpstreamErrors.malformed(e);
    }
    if (node == null || !node.isObject()) {
      throw UpstreamErrors.malformed(new IllegalStateException("an event is not a JSON object"));
    }
    return node;
  }

  /** A non-empty string field, or null. */
  static String string(JsonNode parent, String field) {
    JsonNode v = parent == null ? null : parent.get(field);
    return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
  }
}
