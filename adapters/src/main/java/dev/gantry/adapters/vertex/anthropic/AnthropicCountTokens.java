package dev.gantry.adapters.vertex.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import java.util.List;
import java.util.Map;

/**
 * Claude's token count on Vertex: {@code POST {location}/publishers/anthropic/models/
 * count-tokens:rawPredict}, the model named in the body (not the path), with the
 * {@code anthropic_version}, {@code system}, {@code messages}, {@code tools},
 * {@code tool_choice} and {@code thinking} of the {@code rawPredict} request the translator made
 * (Anthropic's {@code /v1/messages/count_tokens} body, which takes no {@code max_tokens} or
 * sampling fields), answered {@code {"input_tokens": N}}. The route is the one Anthropic's Vertex
 * SDK rewrites {@code count_tokens} to (Google's "Count tokens" page for Claude partner models);
 * no recording of it is in the fixtures. Pure.
 */
public final class AnthropicCountTokens {

  private static final List<String> FIELDS =
      List.of("anthropic_version", "system", "messages", "tools", "tool_choice", "thinking");

  private AnthropicCountTokens() {}

  /**
   * The unauthorized count request for a translated non-streaming {@code rawPredict} request.
   *
   * @param countUrl {@code .../publishers/anthropic/models/count-tokens} (no verb)
   * @param model the deployment's Claude model, e.g. {@code claude-sonnet-4-5@20250929}
   */
  public static ProviderHttpRequest toRequest(ProviderHttpRequest rawPredict, String countUrl,
      String model) {
    JsonNode body = AnthropicJson.readObject(rawPredict.body().toString());
    ObjectNode count = AnthropicJson.object().put("model", model);
    for (String field : FIELDS) {
      if (body.has(field)) {
        count.set(field, body.get(field));
      }
    }
    return ProviderHttpRequest.postJson(countUrl + ":rawPredict",
        Map.of("accept", "application/json"), AnthropicJson.write(count));
  }

  /**
   * Reads {@code input_tokens}.
   *
   * @throws dev.gantry.adapters.spi.GatewayException UPSTREAM_ERROR without a count
   */
  public static int fromResponse(JsonNode body) {
    JsonNode tokens = body.get("input_tokens");
    if (tokens == null || !tokens.canConvertToInt() || tokens.intValue() < 0) {
      throw AnthropicJson.malformed("a count without input_tokens");
    }
    return tokens.intValue();
  }
}
