package dev.gantry.adapters.bedrock.invoke;

import dev.gantry.adapters.http.PathSegment;
import dev.gantry.adapters.http.ProviderHttpRequest;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Bedrock Runtime {@code InvokeModel} operation: {@code POST /model/{modelId}/invoke} with the
 * model's native JSON body (providers.md §1.1, §1.8). Requests are unsigned; the adapter signs the
 * exact bytes afterwards.
 */
public final class InvokeModel {

  private InvokeModel() {}

  /**
   * The URL for one model: {@code {endpoint}/model/{modelId}/invoke}, the model id (a foundation
   * model id, an inference profile or an ARN) percent-encoded as a single path segment.
   *
   * @param endpoint the runtime endpoint, e.g. {@code https://bedrock-runtime.us-east-1.amazonaws.com}
   */
  public static String url(String endpoint, String modelId) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base + "/model/" + encodeSegment(modelId) + "/invoke";
  }

  /** A JSON {@code InvokeModel} request ({@code Content-Type} and {@code Accept} JSON). */
  public static ProviderHttpRequest request(String endpoint, String modelId, Buffer body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", "application/json");
    return ProviderHttpRequest.postJson(url(endpoint, modelId), headers, body);
  }

  /**
   * Percent-encodes one URI path segment: RFC 3986 unreserved characters stay, every other UTF-8
   * byte becomes {@code %XX}, so {@code :} is {@code %3A} and {@code /} is {@code %2F}.
   */
  public static String encodeSegment(String segment) {
    return PathSegment.encode(segment);
  }
}
