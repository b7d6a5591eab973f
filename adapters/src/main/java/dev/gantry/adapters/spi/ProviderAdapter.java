package dev.gantry.adapters.spi;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import io.vertx.core.Future;
import java.util.Set;

/**
 * One configured provider (a base URL or cloud account with its credentials), able to serve the
 * operations its {@link #capabilities()} name. Operations it lacks fail with
 * {@link ErrorKind#UNSUPPORTED}. Every method is non-blocking; futures fail with
 * {@link GatewayException}.
 */
public interface ProviderAdapter {

  Set<Capability> capabilities();

  default Future<ChatResponse> chat(Invocation<ChatRequest> call) {
    return unsupported("chat completions");
  }

  /** Opens a stream; the future completes when the provider accepted the request (headers). */
  default Future<UpstreamStream<ChatChunk>> streamChat(Invocation<ChatRequest> call) {
    return unsupported("streaming chat completions");
  }

  default Future<CompletionResponse> complete(Invocation<CompletionRequest> call) {
    return unsupported("text completions");
  }

  default Future<UpstreamStream<CompletionResponse>> streamComplete(
      Invocation<CompletionRequest> call) {
    return unsupported("streaming text completions");
  }

  default Future<EmbeddingResponse> embed(Invocation<EmbeddingRequest> call) {
    return unsupported("embeddings");
  }

  default Future<ImageResponse> generateImages(Invocation<ImageRequest> call) {
    return unsupported("image generation");
  }

  /** Prepares for the first call (e.g. loads an in-process model); ready when it completes. */
  default Future<Void> warmUp() {
    return Future.succeededFuture();
  }

  /**
   * Active health: the provider's cheapest check that {@code model} can be served (a health or
   * model-list route, or the credentials it needs); fails with the mapped error when not. By
   * default the warm-up check.
   */
  default Future<Void> probe(String model) {
    return warmUp();
  }

  /** Releases connections and models. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }

  private <T> Future<T> unsupported(String what) {
    return Future.failedFuture(
        GatewayException.unsupported("This deployment's provider does not support " + what + ".", null));
  }
}
