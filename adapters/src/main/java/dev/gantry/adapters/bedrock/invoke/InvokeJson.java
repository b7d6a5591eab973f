package dev.gantry.adapters.bedrock.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON in and out of InvokeModel bodies, and the usage headers Bedrock adds. */
final class InvokeJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Bedrock's count of the input tokens of one InvokeModel call. */
  static final String INPUT_TOKENS = "x-amzn-bedrock-input-token-count";

  private InvokeJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static Buffer bytes(ObjectNode body) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A 2xx response's JSON body.
   *
   * @throws dev.gantry.adapters.spi.GatewayException UPSTREAM_ERROR when it is not a JSON object
   */
  static JsonNode read(UpstreamResponse response) {
    if (!response.ok()) {
      throw new IllegalArgumentException("an error response (HTTP " + response.status()
          + ") must be mapped by the adapter's error mapper before translation");
    }
    JsonNode body;
    try {
      body = MAPPER.readTree(response.body().getBytes());
    } catch (IOException e) {
      throw UpstreamErrors.malformed(e);
    }
    if (body == null || !body.isObject()) {
      throw malformed("the body is not a JSON object");
    }
    return body;
  }

  /** The {@value #INPUT_TOKENS} header, or -1 when absent or not a number. */
  static int inputTokensHeader(UpstreamResponse response) {
    String value = response.headers().get(INPUT_TOKENS);
    if (value == null) {
      return -1;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static RuntimeException malformed(String what) {
    return UpstreamErrors.malformed(new IllegalStateException(what));
  }
}
