package dev.gantry.sdk.embeddings;

import dev.gantry.sdk.GantryHeaders;
import java.util.List;

/**
 * The answer of {@code POST /v1/embeddings}.
 *
 * @param model the model that embedded
 * @param data one vector per input, by index
 * @param promptTokens tokens counted
 * @param totalTokens tokens billed
 * @param headers the answer's headers
 */
public record EmbeddingResponse(String model, List<Embedding> data, int promptTokens,
    int totalTokens, GantryHeaders headers) {
  /** Copies the list. */
  public EmbeddingResponse {
    data = List.copyOf(data);
  }

  /** The vector of input {@code index}. */
  public float[] vector(int index) {
    return data.stream().filter(e -> e.index() == index).findFirst()
        .orElseThrow(() -> new IndexOutOfBoundsException("no embedding " + index)).vector();
  }
}
