package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import dev.gantry.config.ProviderSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings to and from Ollama's {@code POST /api/embed} (pure: no I/O): {@code {model,
 * input:[...], dimensions?, truncate?, keep_alive?}} in, {@code {embeddings, prompt_eval_count}}
 * out. Texts only: token-id inputs are UNSUPPORTED. Of the request extensions only {@code truncate}
 * (a boolean; Ollama's default is true) is passed on.
 */
public final class OllamaEmbedTranslator {

  /**
   * Builds the {@code /api/embed} request.
   *
   * @throws GatewayException UNSUPPORTED for token-id input, INVALID_REQUEST for a bad
   *     {@code truncate}
   */
  public ProviderHttpRequest toRequest(EmbeddingRequest r, String upstreamModel,
      ProviderSettings.Ollama s) {
    if (!(r.input() instanceof EmbeddingInput.Texts)) {
      throw GatewayException.unsupported(
          "Ollama embeds texts only; token-id inputs are not supported.", "input");
    }
    ObjectNode body = OllamaApi.JSON.createObjectNode();
    body.put("model", upstreamModel);
    ArrayNode input = body.putArray("input");
    ((EmbeddingInput.Texts) r.input()).texts().forEach(input::add);
    if (r.dimensions() != null) {
      body.put("dimensions", r.dimensions());
    }
    JsonNode truncate = r.extensions().get("truncate");
    if (truncate != null && !truncate.isNull()) {
      if (!truncate.isBoolean()) {
        throw GatewayException.invalid("`truncate` must be a boolean.", "truncate");
      }
      body.set("truncate", truncate);
    }
    OllamaApi.keepAlive(body, s);
    return OllamaApi.post(s, OllamaApi.EMBED, body);
  }

  /**
   * Reads an {@code /api/embed} answer.
   *
   * @param inputs how many inputs were sent: Ollama must return as many vectors
   * @throws GatewayException UPSTREAM_ERROR when the body is not a matching list of vectors
   */
  public EmbeddingResponse fromResponse(JsonNode body, int inputs) {
    JsonNode embeddings = body.path("embeddings");
    if (!embeddings.isArray() || embeddings.size() != inputs) {
      throw UpstreamErrors.malformed(new IllegalStateException(
          "expected " + inputs + " embeddings, got " + embeddings.size()));
    }
    List<float[]> vectors = new ArrayList<>(inputs);
    for (JsonNode embedding : embeddings) {
      vectors.add(OpenAiEmbeddings.floats(embedding));
    }
    JsonNode prompt = body.path("prompt_eval_count");
    return new EmbeddingResponse(vectors,
        prompt.isNumber() ? Usage.of(prompt.asInt(), 0) : null);
  }
}
