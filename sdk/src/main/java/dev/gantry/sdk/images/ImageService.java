package dev.gantry.sdk.images;

import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Transport;
import java.util.concurrent.CompletableFuture;

/**
 * Image generation: {@code POST /v1/images/generations}, blocking ({@link #create}) and async
 * ({@link #createAsync}). Get it from {@code client.images()}.
 *
 * <pre>{@code
 * ImagesResponse r = client.images().create(ImageGenerationRequest.builder()
 *     .model("images").prompt("a lighthouse at dusk")
 *     .responseFormat(ImageResponseFormat.B64_JSON).build());
 * Files.write(Path.of("lighthouse.png"), r.data().get(0).bytes());
 * }</pre>
 */
public final class ImageService {
  private static final String PATH = "/v1/images/generations";

  private final Transport transport;

  /** Used by the client. */
  public ImageService(Transport transport) {
    this.transport = transport;
  }

  /** Generates the images and waits for them. */
  public ImagesResponse create(ImageGenerationRequest request) {
    return create(request, RequestOptions.none());
  }

  /**
   * {@link #create(ImageGenerationRequest)} with per-call options; image models can take longer
   * than the client's default timeout.
   */
  public ImagesResponse create(ImageGenerationRequest request, RequestOptions options) {
    Transport.Answer<ImagesResponse> a = transport.send(call(request, options),
        ImagesResponse.class);
    return a.body().withHeaders(a.headers());
  }

  /** Generates the images without blocking a thread. */
  public CompletableFuture<ImagesResponse> createAsync(ImageGenerationRequest request) {
    return createAsync(request, RequestOptions.none());
  }

  /** {@link #createAsync(ImageGenerationRequest)} with per-call options. */
  public CompletableFuture<ImagesResponse> createAsync(
      ImageGenerationRequest request, RequestOptions options) {
    return transport.sendAsync(call(request, options), ImagesResponse.class)
        .thenApply(a -> a.body().withHeaders(a.headers()));
  }

  private static Transport.Call call(ImageGenerationRequest request, RequestOptions options) {
    return Transport.Call.post(PATH, request.toJson(), options);
  }
}
