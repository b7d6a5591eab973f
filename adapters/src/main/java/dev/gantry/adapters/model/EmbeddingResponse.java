package dev.gantry.adapters.model;

import java.util.List;

/**
 * Embedding vectors in input order.
 *
 * @param usage prompt tokens (completion is 0), or null when the provider reported none
 */
public record EmbeddingResponse(List<float[]> vectors, Usage usage) {
  public EmbeddingResponse {
    vectors = List.copyOf(vectors);
  }
}
