package dev.gantry.sdk.chat;

import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;

/**
 * {@code POST /v1/chat/completions}: blocking ({@link #create}), async ({@link #createAsync}) and
 * streamed ({@link #stream} as an iterable, {@link #publisher} as a {@link Flow.Publisher}).
 * Get it from {@code client.chat()}.
 */
public final class ChatService {
  private static final String PATH = "/v1/chat/completions";

  private final Transport transport;

  /** Used by the client. */
  public ChatService(Transport transport) {
    this.transport = transport;
  }

  /** Sends the request and waits for the whole answer. */
  public ChatCompletion create(ChatCompletionRequest request) {
    return create(request, RequestOptions.none());
  }

  /** {@link #create(ChatCompletionRequest)} with per-call options. */
  public ChatCompletion create(ChatCompletionRequest request, RequestOptions options) {
    Answer<ChatCompletion> a = transport.send(
        Transport.Call.post(PATH, request.toJson(false), options), ChatCompletion.class);
    return a.body().withHeaders(a.headers());
  }

  /** Sends the request without blocking a thread. */
  public CompletableFuture<ChatCompletion> createAsync(ChatCompletionRequest request) {
    return createAsync(request, RequestOptions.none());
  }

  /** {@link #createAsync(ChatCompletionRequest)} with per-call options. */
  public CompletableFuture<ChatCompletion> createAsync(
      ChatCompletionRequest request, RequestOptions options) {
    return transport.sendAsync(
            Transport.Call.post(PATH, request.toJson(false), options), ChatCompletion.class)
        .thenApply(a -> a.body().withHeaders(a.headers()));
  }

  /**
   * Opens a streamed completion (blocking until the answer's headers; retries apply until then).
   * Close the returned stream.
   */
  public ChatStream stream(ChatCompletionRequest request) {
    return stream(request, RequestOptions.none());
  }

  /** {@link #stream(ChatCompletionRequest)} with per-call options. */
  public ChatStream stream(ChatCompletionRequest request, RequestOptions options) {
    return new ChatStream(
        transport.open(Transport.Call.post(PATH, request.toJson(true), options)), transport);
  }

  /** {@link #publisher(ChatCompletionRequest, RequestOptions)} with the client's options. */
  public Flow.Publisher<ChatChunk> publisher(ChatCompletionRequest request) {
    return publisher(request, RequestOptions.none());
  }

  /**
   * A cold publisher of the stream's chunks: each subscription sends the request. Demand is
   * honoured (reading pauses while the subscriber is behind); cancelling closes the connection;
   * errors arrive in {@code onError}.
   */
  public Flow.Publisher<ChatChunk> publisher(ChatCompletionRequest request, RequestOptions options) {
    return subscriber -> {
      SubmissionPublisher<ChatChunk> pub = new SubmissionPublisher<>(transport.executor(), 16);
      pub.subscribe(subscriber);
      transport.executor().execute(() -> pump(request, options, pub));
    };
  }

  private void pump(ChatCompletionRequest request, RequestOptions options,
      SubmissionPublisher<ChatChunk> pub) {
    try (ChatStream s = stream(request, options)) {
      for (ChatChunk c : s) {
        if (!pub.hasSubscribers()) {
          return;
        }
        pub.submit(c);
      }
      pub.close();
    } catch (RuntimeException e) {
      pub.closeExceptionally(e);
    }
  }
}
