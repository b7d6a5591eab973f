package dev.gantry.adapters.sagemaker;

import dev.gantry.adapters.http.PathSegment;
import dev.gantry.adapters.http.ProviderHttpRequest;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SageMaker Runtime's two real-time operations as unsigned requests (pure; the adapter signs the
 * exact bytes afterwards), from the {@code runtime.sagemaker-2017-05-13} service model:
 * <ul>
 *   <li>{@code InvokeEndpoint}: {@code POST /endpoints/{EndpointName}/invocations}, the
 *       container's answer as the body; the wanted type in {@code Accept};</li>
 *   <li>{@code InvokeEndpointWithResponseStream}:
 *       {@code POST /endpoints/{EndpointName}/invocations-response-stream}, the container's
 *       streamed bytes in event-stream {@code PayloadPart}s; the wanted type in
 *       {@code X-Amzn-SageMaker-Accept} (this operation's {@code Accept} member).</li>
 * </ul>
 * The endpoint name is a URI label: percent-encoded as one path segment. The body goes as
 * {@code Content-Type: application/json}; the deployment's inference component, target variant
 * and target container become their headers, and the gateway's request id the
 * {@code X-Amzn-SageMaker-Inference-Id} (kept with the endpoint's captured data) when it fits that
 * header's 64 characters.
 */
final class InvokeEndpoint {

  static final String INVOCATIONS = "/invocations";
  static final String RESPONSE_STREAM = "/invocations-response-stream";
  static final String JSON = "application/json";
  static final String EVENT_STREAM = "text/event-stream";
  /** {@code InferenceId}: 1 to 64 printable characters. */
  static final int MAX_INFERENCE_ID = 64;

  private InvokeEndpoint() {}

  /**
   * @param endpointUrl the runtime endpoint, e.g. {@code https://runtime.sagemaker.us-east-1.amazonaws.com}
   * @param endpointName the deployment's model: the SageMaker endpoint name
   * @param requestId the gateway's request id
   * @param body the container's request body (JSON)
   * @param stream {@code InvokeEndpointWithResponseStream} (the container's SSE) rather than
   *     {@code InvokeEndpoint} (its JSON)
   */
  static ProviderHttpRequest request(String endpointUrl, String endpointName,
      SageMakerOptions options, String requestId, Buffer body, boolean stream) {
    String base = endpointUrl.endsWith("/")
        ? endpointUrl.substring(0, endpointUrl.length() - 1) : endpointUrl;
    String url = base + "/endpoints/" + PathSegment.encode(endpointName)
        + (stream ? RESPONSE_STREAM : INVOCATIONS);
    Map<String, String> headers = new LinkedHashMap<>();
    if (stream) {
      headers.put("X-Amzn-SageMaker-Accept", EVENT_STREAM);
    } else {
      headers.put("Accept", JSON);
    }
    put(headers, "X-Amzn-SageMaker-Inference-Component", options.inferenceComponent());
    put(headers, "X-Amzn-SageMaker-Target-Variant", options.targetVariant());
    put(headers, "X-Amzn-SageMaker-Target-Container-Hostname",
        options.targetContainerHostname());
    if (requestId.length() <= MAX_INFERENCE_ID && printable(requestId)) {
      headers.put("X-Amzn-SageMaker-Inference-Id", requestId);
    }
    return ProviderHttpRequest.postJson(url, headers, body);
  }

  private static void put(Map<String, String> headers, String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
  }

  /** Non-empty, no whitespace first, only printable ASCII (the header's pattern, safe as is). */
  private static boolean printable(String s) {
    if (s.isEmpty() || s.charAt(0) == ' ') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
