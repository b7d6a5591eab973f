package dev.gantry.adapters.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.stream.UpstreamErrors;

/**
 * What a TGI or TEI server says of itself at {@code GET /info} (providers.md §4.1, §4.3). Each
 * limit is null when the server did not give it.
 *
 * @param modelId the model the server runs ({@code model_id})
 * @param maxInputTokens the longest input: TGI's {@code max_input_tokens} (older TGI and TEI:
 *     {@code max_input_length})
 * @param maxTotalTokens TGI's {@code max_total_tokens}: input plus generated tokens
 * @param maxClientBatchSize the most inputs one request may carry ({@code max_client_batch_size};
 *     TEI answers 413 beyond it)
 */
public record ServerInfo(String modelId, Integer maxInputTokens, Integer maxTotalTokens,
    Integer maxClientBatchSize) {

  /**
   * Reads an {@code /info} body.
   *
   * @throws dev.gantry.adapters.spi.GatewayException UPSTREAM_ERROR when it is not an object
   *     naming a model
   */
  static ServerInfo read(JsonNode body) {
    if (!body.path("model_id").isTextual()) {
      throw UpstreamErrors.malformed(new IllegalStateException("an /info without model_id"));
    }
    Integer maxInput = positive(body.get("max_input_tokens"));
    return new ServerInfo(body.path("model_id").textValue(),
        maxInput != null ? maxInput : positive(body.get("max_input_length")),
        positive(body.get("max_total_tokens")), positive(body.get("max_client_batch_size")));
  }

  private static Integer positive(JsonNode value) {
    return value != null && value.canConvertToInt() && value.isIntegralNumber()
        && value.intValue() > 0 ? value.intValue() : null;
  }
}
