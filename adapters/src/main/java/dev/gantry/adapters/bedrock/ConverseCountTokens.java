package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.util.List;
import java.util.Map;

/**
 * Bedrock {@code CountTokens} for a chat request: {@code POST /model/{modelId}/count-tokens} with
 * {@code {"input":{"converse":{messages, system, toolConfig, additionalModelRequestFields}}}},
 * answered {@code {"inputTokens": N}} (service model {@code CountTokensRequest},
 * {@code ConverseTokensRequest}, {@code CountTokensResponse}). Built from the very Converse request
 * the translator made, so what is counted is what would be sent; the fields a count does not take
 * ({@code inferenceConfig}, {@code outputConfig}...) are left out. Pure.
 */
final class ConverseCountTokens {

  /** The members of {@code ConverseTokensRequest}. */
  private static final List<String> FIELDS =
      List.of("messages", "system", "toolConfig", "additionalModelRequestFields");

  private ConverseCountTokens() {}

  /**
   * The unsigned count request for a translated {@code .../converse} request.
   *
   * @throws IllegalArgumentException when {@code converse} is not a Converse request
   */
  static ProviderHttpRequest toRequest(ProviderHttpRequest converse) {
    String url = converse.url();
    if (!url.endsWith("/converse")) {
      throw new IllegalArgumentException("not a Converse request: " + url);
    }
    JsonNode body = ConverseJson.readObject(converse.body().getBytes());
    ObjectNode input = ConverseJson.object();
    for (String field : FIELDS) {
      if (body.has(field)) {
        input.set(field, body.get(field));
      }
    }
    ObjectNode request = ConverseJson.object();
    request.putObject("input").set("converse", input);
    String countUrl = url.substring(0, url.length() - "/converse".length()) + "/count-tokens";
    return ProviderHttpRequest.postJson(countUrl,
        Map.of("accept", BedrockConverseTranslator.JSON), ConverseJson.write(request));
  }

  /**
   * Reads {@code {"inputTokens": N}}.
   *
   * @throws dev.gantry.adapters.spi.GatewayException UPSTREAM_ERROR without a count
   */
  static int fromResponse(JsonNode body) {
    JsonNode tokens = body.get("inputTokens");
    if (tokens == null || !tokens.canConvertToInt() || tokens.intValue() < 0) {
      throw UpstreamErrors.malformed(new IllegalStateException("no inputTokens"));
    }
    return tokens.intValue();
  }
}
