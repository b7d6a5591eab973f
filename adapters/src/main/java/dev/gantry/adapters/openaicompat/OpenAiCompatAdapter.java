package dev.gantry.adapters.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.Calls;
import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiCompletions;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.openai.OpenAiImages;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.adapters.stream.SseFramer;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A provider adapter for any OpenAI-compatible server: vLLM, SGLang, llama.cpp, TGI's Messages
 * API, LM Studio, Ollama's {@code /v1}, OpenAI and Azure OpenAI. Requests are translated by
 * {@link OpenAiCompatTranslator}, sent over one pooled {@link HttpTransport}, and answers read by
 * the {@code dev.gantry.adapters.openai} codec; each call forwards the gateway's request id as
 * {@code x-request-id}. Streams always stream upstream and always ask for usage.
 */
public final class OpenAiCompatAdapter implements ProviderAdapter {

  /** The longest silence tolerated between two chunks of a stream. */
  static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);

  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS, Capability.VISION,
      Capability.JSON_SCHEMA, Capability.LOGPROBS, Capability.COMPLETIONS, Capability.EMBEDDINGS,
      Capability.IMAGES));

  static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(10);

  private final OpenAiCompatTranslator translator;
  private final HttpTransport transport;

  /**
   * Resolves the API key (if any) from {@code env} and opens the connection pool.
   *
   * @throws IllegalStateException naming the variable or file when the key cannot be resolved
   */
  public OpenAiCompatAdapter(Vertx vertx, ProviderSettings.OpenAi settings,
      Map<String, String> env) {
    String key = settings.apiKey() == null ? null : settings.apiKey().resolve(env);
    this.translator = new OpenAiCompatTranslator(settings, key);
    this.transport = new HttpTransport(vertx, settings.baseUrl(), settings.maxConnections(),
        STREAM_IDLE_TIMEOUT);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Future<ChatResponse> chat(Invocation<ChatRequest> call) {
    return build(() -> translator.chat(call.request(), call.upstreamModel(), false),
        request -> transport.exchange(withId(request, call), call,
            json(OpenAiChat::readResponse), OpenAiErrors::fromResponse));
  }

  @Override
  public Future<UpstreamStream<ChatChunk>> streamChat(Invocation<ChatRequest> call) {
    return build(() -> translator.chat(call.request(), call.upstreamModel(), true),
        request -> transport.stream(withId(request, call), call, new SseFramer(),
            new OpenAiCompatStreamDecoder(), OpenAiErrors::fromResponse));
  }

  @Override
  public Future<CompletionResponse> complete(Invocation<CompletionRequest> call) {
    return build(() -> translator.completion(call.request(), call.upstreamModel(), false),
        request -> transport.exchange(withId(request, call), call,
            json(OpenAiCompletions::readResponse), OpenAiErrors::fromResponse));
  }

  @Override
  public Future<UpstreamStream<CompletionResponse>> streamComplete(
      Invocation<CompletionRequest> call) {
    return build(() -> translator.completion(call.request(), call.upstreamModel(), true),
        request -> transport.stream(withId(request, call), call, new SseFramer(),
            new OpenAiCompatCompletionStreamDecoder(),
            OpenAiErrors::fromResponse));
  }

  @Override
  public Future<EmbeddingResponse> embed(Invocation<EmbeddingRequest> call) {
    int expected = call.request().input().size();
    return build(() -> translator.embeddings(call.request(), call.upstreamModel()),
        request -> transport.exchange(withId(request, call), call,
            json(body -> OpenAiEmbeddings.readResponse(body, expected)),
            OpenAiErrors::fromResponse));
  }

  @Override
  public Future<ImageResponse> generateImages(Invocation<ImageRequest> call) {
    return build(() -> translator.images(call.request(), call.upstreamModel()),
        request -> transport.exchange(withId(request, call), call,
            json(OpenAiImages::readResponse), OpenAiErrors::fromResponse));
  }

  @Override
  public Future<Void> close() {
    return transport.close();
  }

  /** Builds the request (a translation failure becomes a failed future), then sends it. */
  private static <T> Future<T> build(Supplier<ProviderHttpRequest> translate,
      Function<ProviderHttpRequest, Future<T>> send) {
    return Calls.translate(translate).compose(send);
  }

  /** {@code GET /models}: answers when the server is up and the key is accepted. */
  @Override
  public Future<Void> probe(String model) {
    return transport.exchange(translator.models(), PROBE_TIMEOUT, response -> (Void) null,
        OpenAiErrors::fromResponse);
  }

  private static ProviderHttpRequest withId(ProviderHttpRequest request, Invocation<?> call) {
    return request.withHeader("x-request-id", call.requestId());
  }

  private static <T> Function<UpstreamResponse, T> json(Function<JsonNode, T> reader) {
    return response -> reader.apply(Json.parseUpstream(response.body()));
  }
}
