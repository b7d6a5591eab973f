package dev.gantry.adapters.vertex.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import dev.gantry.adapters.vertex.VertexResources;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/** JSON and URLs of {@code :predict} calls, and the request knobs read from extensions. */
final class PredictJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private PredictJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code POST {locationUrl}/publishers/google/models/{model}:predict}. */
  static ProviderHttpRequest request(String locationUrl, String model, ObjectNode body) {
    return requestAt(VertexResources.publisherModel(locationUrl, "google", model), body);
  }

  /** {@code POST {resourceUrl}:predict}, for a model or an endpoint resource. */
  public static ProviderHttpRequest requestAt(String resourceUrl, ObjectNode body) {
    Objects.requireNonNull(resourceUrl, "resourceUrl");
    try {
      return ProviderHttpRequest.postJson(resourceUrl + ":predict",
          Map.of("accept", "application/json"), Buffer.buffer(MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A 2xx response's {@code predictions}.
   *
   * @throws GatewayException UPSTREAM_ERROR when the body is not JSON or has no predictions list
   */
  static JsonNode predictions(UpstreamResponse response) {
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
    JsonNode predictions = body == null ? null : body.get("predictions");
    if (predictions == null) {
      return MAPPER.createArrayNode();
    }
    if (!predictions.isArray()) {
      throw malformed("predictions is not a list");
    }
    return predictions;
  }

  /**
   * A text knob from the request's extensions, else the deployment option of the same name, else
   * null; checked against {@code allowed} (ignoring case, returned as spelled there).
   */
  static String choice(ObjectNode extensions, Map<String, String> options, String key,
      String... allowed) {
    JsonNode value = extensions.get(key);
    if (value != null && !value.isNull()) {
      String match = value.isTextual() ? match(value.textValue(), allowed) : null;
      if (match == null) {
        throw GatewayException.invalid("Invalid '" + key + "': expected one of "
            + String.join(", ", allowed) + ".", key);
      }
      return match;
    }
    String option = options.get(key);
    if (option == null) {
      return null;
    }
    String match = match(option, allowed);
    if (match == null) {
      throw new GatewayException(ErrorKind.INTERNAL, "The deployment option '" + key
          + "' must be one of " + String.join(", ", allowed) + ".", null, -1, null);
    }
    return match;
  }

  /** A boolean knob from the request, else the deployment option, else null. */
  static Boolean bool(ObjectNode extensions, Map<String, String> options, String key) {
    JsonNode value = extensions.get(key);
    if (value != null && !value.isNull()) {
      if (!value.isBoolean()) {
        throw GatewayException.invalid("Invalid '" + key + "': expected a boolean.", key);
      }
      return value.booleanValue();
    }
    String option = options.get(key);
    if (option == null) {
      return null;
    }
    if (!option.equals("true") && !option.equals("false")) {
      throw new GatewayException(ErrorKind.INTERNAL, "The deployment option '" + key
          + "' must be true or false.", null, -1, null);
    }
    return Boolean.valueOf(option);
  }

  static RuntimeException malformed(String what) {
    return UpstreamErrors.malformed(new IllegalStateException(what));
  }

  private static String match(String value, String... allowed) {
    for (String a : allowed) {
      if (a.equalsIgnoreCase(value)) {
        return a;
      }
    }
    return null;
  }
}
