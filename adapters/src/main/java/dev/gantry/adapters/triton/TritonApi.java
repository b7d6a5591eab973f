package dev.gantry.adapters.triton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.bedrock.invoke.InvokeModel;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Map;

/**
 * The Open Inference Protocol's routes (inference_rest.md, Triton's extension_generate.md) and
 * the JSON plumbing the translators share.
 */
final class TritonApi {

  static final String GENERATE = "/generate";
  static final String GENERATE_STREAM = "/generate_stream";
  static final String INFER = "/infer";
  static final String HEALTH_READY = "/v2/health/ready";

  private TritonApi() {}

  /**
   * {@code <base>/v2/models/<model>[/versions/<version>]}, each name one percent-encoded segment.
   */
  static String modelUrl(String baseUrl, String model, TritonOptions options) {
    StringBuilder url = new StringBuilder(trimmed(baseUrl)).append("/v2/models/")
        .append(InvokeModel.encodeSegment(model));
    if (options.modelVersion() != null) {
      url.append("/versions/").append(InvokeModel.encodeSegment(options.modelVersion()));
    }
    return url.toString();
  }

  /** A JSON POST; a stream asks for server-sent events. */
  static ProviderHttpRequest post(String url, ObjectNode body, boolean stream) {
    try {
      return ProviderHttpRequest.postJson(url,
          stream ? Map.of("accept", "text/event-stream") : Map.of("accept", "application/json"),
          Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** {@code GET <base>/v2/health/ready}: 200 once the server and its models are ready. */
  static ProviderHttpRequest ready(String baseUrl) {
    return new ProviderHttpRequest(HttpMethod.GET, trimmed(baseUrl) + HEALTH_READY, Map.of(), null);
  }

  /** A response body or event that must be a JSON object. */
  static JsonNode object(JsonNode node) {
    if (!node.isObject()) {
      throw UpstreamErrors.malformed(new IllegalStateException("not a JSON object"));
    }
    return node;
  }

  /**
   * A one-element tensor's value: the generate extension writes an output of one element as a
   * bare value, and some servers as a one-element array. Missing (a missing node) when absent.
   */
  static JsonNode single(JsonNode value) {
    if (value.isArray() && value.size() == 1) {
      return value.get(0);
    }
    return value;
  }

  private static String trimmed(String baseUrl) {
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }
}
