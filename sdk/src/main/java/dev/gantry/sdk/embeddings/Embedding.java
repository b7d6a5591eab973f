package dev.gantry.sdk.embeddings;

import java.util.Arrays;

/**
 * One input's vector.
 *
 * @param index the input's position in the request
 * @param vector the embedding (a copy is kept; the accessor returns the array itself, don't modify it)
 */
public record Embedding(int index, float[] vector) {
  /** Copies the vector. */
  public Embedding {
    vector = vector.clone();
  }

  /** The vector's length. */
  public int dimensions() {
    return vector.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e && e.index == index && Arrays.equals(e.vector, vector);
  }

  @Override
  public int hashCode() {
    return 31 * index + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "Embedding[index=" + index + ", dimensions=" + vector.length + "]";
  }
}
