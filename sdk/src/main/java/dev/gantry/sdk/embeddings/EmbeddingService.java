package dev.gantry.sdk.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.sdk.ErrorDetails;
import dev.gantry.sdk.GantryException;
import dev.gantry.sdk.GantryHeaders;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code POST /v1/embeddings}. Get it from {@code client.embeddings()}. */
public final class EmbeddingService {
  private final Transport transport;

  /** Used by the client. */
  public EmbeddingService(Transport transport) {
    this.transport = transport;
  }

  /** Embeds the request's inputs. */
  public EmbeddingResponse create(EmbeddingRequest request) {
    return create(request, RequestOptions.none());
  }

  /** {@link #create(EmbeddingRequest)} with per-call options. */
  public EmbeddingResponse create(EmbeddingRequest request, RequestOptions options) {
    return decode(transport.send(call(request, options), JsonNode.class));
  }

  /** {@link #create(EmbeddingRequest)} without blocking. */
  public CompletableFuture<EmbeddingResponse> createAsync(
      EmbeddingRequest request, RequestOptions options) {
    return transport.sendAsync(call(request, options), JsonNode.class)
        .thenApply(EmbeddingService::decode);
  }

  private static Transport.Call call(EmbeddingRequest request, RequestOptions options) {
    return Transport.Call.post("/v1/embeddings", request.toJson(), options);
  }

  static EmbeddingResponse decode(Answer<JsonNode> a) {
    JsonNode root = a.body();
    List<Embedding> out = new ArrayList<>();
    for (JsonNode item : root.path("data")) {
      out.add(new Embedding(item.path("index").asInt(out.size()),
          vector(item.path("embedding"), a.headers())));
    }
    JsonNode usage = root.path("usage");
    return new EmbeddingResponse(root.path("model").asText(null), out,
        usage.path("prompt_tokens").asInt(), usage.path("total_tokens").asInt(), a.headers());
  }

  /** A vector from a JSON array of numbers or a base64 string of little-endian float32. */
  static float[] vector(JsonNode node, GantryHeaders headers) {
    if (node.isArray()) {
      float[] v = new float[node.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) node.get(i).asDouble();
      }
      return v;
    }
    if (node.isTextual()) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(node.asText());
      } catch (IllegalArgumentException e) {
        throw malformed("embedding is not base64", headers);
      }
      if (bytes.length % 4 != 0) {
        throw malformed("base64 embedding is not a whole number of float32s", headers);
      }
      float[] v = new float[bytes.length / 4];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      return v;
    }
    throw malformed("embedding is neither an array nor base64", headers);
  }

  private static GantryException malformed(String message, GantryHeaders headers) {
    return new GantryException(
        new ErrorDetails(200, "malformed answer: " + message, null, null, null, headers), null);
  }
}
