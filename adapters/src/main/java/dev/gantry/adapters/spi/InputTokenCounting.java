package dev.gantry.adapters.spi;

import dev.gantry.adapters.model.ChatRequest;
import io.vertx.core.Future;

/**
 * An optional capability of a {@link ProviderAdapter}: the provider's own count of a chat
 * request's input tokens (Bedrock {@code CountTokens}, Vertex {@code :countTokens}). Counting is
 * split in two so a caller can cache by request shape: {@link #prepareCount} translates the
 * request exactly as {@link ProviderAdapter#chat} would and names its shape, and the returned
 * {@link CountCall} sends it through the adapter's own transport and auth when asked.
 */
public interface InputTokenCounting {

  /**
   * Prepares the count of what a chat call would send to {@code call}'s deployment.
   *
   * @return fails UNSUPPORTED when this deployment's API cannot count, or with the translation's
   *     own error (INVALID_REQUEST...)
   */
  Future<CountCall> prepareCount(Invocation<ChatRequest> call);
}
