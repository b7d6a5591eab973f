package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.util.List;
import java.util.Map;

/**
 * Vertex {@code :countTokens} for a Gemini chat request: {@code POST {resource}:countTokens} with
 * the {@code contents}, {@code systemInstruction}, {@code tools} and {@code generationConfig} of
 * the {@code generateContent} request the translator made (the fields of
 * {@code CountTokensRequest} in {@code prediction_service.proto}; {@code toolConfig} and
 * {@code safetySettings} are not among them), answered {@code {"totalTokens": N, ...}}. Recorded:
 * {@code test_google_vertexai_count_tokens_forwards_native_tools.yaml}. Pure.
 */
final class GeminiCountTokens {

  private static final List<String> FIELDS =
      List.of("contents", "systemInstruction", "tools", "generationConfig");
  private static final String VERB = ":generateContent";

  private GeminiCountTokens() {}

  /**
   * The unauthorized count request for a translated non-streaming {@code :generateContent} one.
   *
   * @throws IllegalArgumentException when {@code generate} is not such a request
   */
  static ProviderHttpRequest toRequest(ProviderHttpRequest generate) {
    String url = generate.url();
    if (!url.endsWith(VERB)) {
      throw new IllegalArgumentException("not a generateContent request: " + url);
    }
    JsonNode body = GeminiJson.readObject(generate.body().toString());
    ObjectNode count = GeminiJson.object();
    for (String field : FIELDS) {
      if (body.has(field)) {
        count.set(field, body.get(field));
      }
    }
    return ProviderHttpRequest.postJson(
        url.substring(0, url.length() - VERB.length()) + ":countTokens",
        Map.of("accept", GeminiTranslator.JSON), GeminiJson.write(count));
  }

  /**
   * Reads {@code totalTokens}.
   *
   * @throws dev.gantry.adapters.spi.GatewayException UPSTREAM_ERROR without a count
   */
  static int fromResponse(JsonNode body) {
    JsonNode tokens = body.get("totalTokens");
    if (tokens == null || !tokens.canConvertToInt() || tokens.intValue() < 0) {
      throw UpstreamErrors.malformed(new IllegalStateException("no totalTokens"));
    }
    return tokens.intValue();
  }
}
