package dev.gantry.adapters.local;

import java.util.List;

/**
 * What {@link LocalEmbeddingAdapter} needs from a loaded model: {@link MiniLmEmbedder}, or a fake
 * in tests. All methods block.
 */
interface TextEmbedder extends AutoCloseable {

  /** One unit-length vector per text, in order, computed in one model run. */
  float[][] embed(List<String> texts);

  /** The text's tokens as billed in usage. */
  int countTokens(String text);

  int dimensions();

  @Override
  void close();
}
