package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.Calls;
import dev.gantry.adapters.http.ErrorMapper;
import dev.gantry.adapters.http.Fanout;
import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.media.ImageFetcher;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openaicompat.OpenAiCompatStreamDecoder;
import dev.gantry.adapters.openaicompat.OpenAiCompatTranslator;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.adapters.stream.SseFramer;
import dev.gantry.adapters.vertex.anthropic.AnthropicErrors;
import dev.gantry.adapters.vertex.anthropic.AnthropicStreamDecoder;
import dev.gantry.adapters.vertex.anthropic.AnthropicTranslator;
import dev.gantry.adapters.vertex.auth.VertexCredentials;
import dev.gantry.adapters.vertex.predict.VertexEmbeddings;
import dev.gantry.adapters.vertex.predict.VertexImagen;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Google Vertex AI in one project and location. A deployment's model name picks the API (the
 * deployment option {@code api} overrides it):
 * <ul>
 *   <li>{@code claude-*} → Anthropic Messages through {@code rawPredict}/{@code streamRawPredict};</li>
 *   <li>{@code publisher/model} (e.g. {@code meta/llama-3.3-70b-instruct-maas}) → the
 *       OpenAI-compatible MaaS endpoint {@code endpoints/openapi/chat/completions};</li>
 *   <li>anything else → Gemini {@code generateContent}/{@code streamGenerateContent?alt=sse}.</li>
 * </ul>
 * Embeddings and Imagen go through {@code :predict}. Every call carries an OAuth access token from
 * {@link VertexCredentials}; remote image URLs are fetched and inlined first.
 */
public final class VertexAdapter implements ProviderAdapter {

  static final int MAX_IN_FLIGHT = 8;
  static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);

  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS, Capability.VISION,
      Capability.JSON_SCHEMA, Capability.EMBEDDINGS, Capability.IMAGES));

  /** Which Vertex API serves a chat deployment. */
  enum Api { GEMINI, ANTHROPIC, OPENAI }

  private final String locationUrl;
  private final VertexCredentials credentials;
  private final HttpTransport transport;
  private final ImageFetcher images;
  private final GeminiTranslator gemini = new GeminiTranslator();
  private final AnthropicTranslator anthropic = new AnthropicTranslator();
  private final OpenAiCompatTranslator maas;

  /**
   * @throws IllegalStateException when the configured credentials cannot be read
   */
  public VertexAdapter(Vertx vertx, ProviderSettings.Vertex settings, Map<String, String> env) {
    this(vertx, settings, VertexCredentials.create(vertx, settings, env),
        new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS));
  }

  /** For tests: injected credentials and image fetch policy. */
  public VertexAdapter(Vertx vertx, ProviderSettings.Vertex settings,
      VertexCredentials credentials, ImageFetcher images) {
    this.locationUrl = settings.locationUrl();
    this.credentials = credentials;
    this.images = images;
    this.transport = new HttpTransport(vertx, settings.baseUrl(), settings.maxConnections(),
        STREAM_IDLE_TIMEOUT);
    this.maas = new OpenAiCompatTranslator(new ProviderSettings.OpenAi(settings.name(),
        locationUrl + "/endpoints/openapi", null, null, Map.of(), Map.of(), settings.timeout(),
        settings.maxConnections()), null);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /** Mints a first token, so a gateway without usable Google credentials is not ready. */
  @Override
  public Future<Void> warmUp() {
    return credentials.accessToken().mapEmpty();
  }

  @Override
  public Future<ChatResponse> chat(Invocation<ChatRequest> call) {
    Api api = api(call);
    return images.resolveImages(call.request(), VertexAdapter::cloudStorage)
        .compose(request -> authorized(() -> chatRequest(api, request, call.upstreamModel(), false)))
        .compose(request -> transport.exchange(request, call.timeout(),
            response -> readChat(api, Json.parseUpstream(response.body())), errors(api)));
  }

  @Override
  public Future<UpstreamStream<ChatChunk>> streamChat(Invocation<ChatRequest> call) {
    Api api = api(call);
    return images.resolveImages(call.request(), VertexAdapter::cloudStorage)
        .compose(request -> authorized(() -> chatRequest(api, request, call.upstreamModel(), true)))
        .compose(request -> transport.stream(request, call.timeout(), new SseFramer(),
            api == Api.GEMINI ? new GeminiStreamDecoder()
                : api == Api.ANTHROPIC ? new AnthropicStreamDecoder()
                : new OpenAiCompatStreamDecoder(call.request().includeUsage()),
            errors(api)));
  }

  @Override
  public Future<EmbeddingResponse> embed(Invocation<EmbeddingRequest> call) {
    return Calls.translate(() -> VertexEmbeddings.plan(call.request(), locationUrl,
            call.upstreamModel(), call.options()))
        .compose(plan -> sendAll(plan.requests(), call.timeout())
            .compose(responses -> Calls.read(() -> VertexEmbeddings.combine(plan, responses))));
  }

  @Override
  public Future<ImageResponse> generateImages(Invocation<ImageRequest> call) {
    return Calls.translate(() -> VertexImagen.toRequest(call.request(), locationUrl,
            call.upstreamModel(), call.options()))
        .compose(request -> send(request, call.timeout()))
        .compose(response -> Calls.read(() -> VertexImagen.fromResponse(response)));
  }

  @Override
  public Future<Void> close() {
    return Future.join(transport.close(), images.close(), credentials.close()).mapEmpty();
  }

  /** Gemini reads {@code gs://} images itself ({@code fileData}); everything else is fetched. */
  private static boolean cloudStorage(String url) {
    return url.regionMatches(true, 0, "gs://", 0, 5);
  }

  static Api api(Invocation<?> call) {
    String forced = call.options().get("api");
    if (forced != null) {
      for (Api api : Api.values()) {
        if (api.name().equalsIgnoreCase(forced)) {
          return api;
        }
      }
      throw new GatewayException(dev.gantry.adapters.spi.ErrorKind.UPSTREAM_ERROR,
          "The deployment's option api must be gemini, anthropic or openai.");
    }
    String model = call.upstreamModel();
    if (model.startsWith("claude")) {
      return Api.ANTHROPIC;
    }
    return model.contains("/") ? Api.OPENAI : Api.GEMINI;
  }

  private ProviderHttpRequest chatRequest(Api api, ChatRequest request, String model, boolean stream) {
    switch (api) {
      case ANTHROPIC:
        return anthropic.toRequest(request, locationUrl, model, stream);
      case OPENAI:
        return maas.chat(request, model, stream);
      default:
        return gemini.toRequest(request, model, stream, locationUrl);
    }
  }

  private ChatResponse readChat(Api api, JsonNode body) {
    switch (api) {
      case ANTHROPIC:
        return anthropic.fromResponse(body);
      case OPENAI:
        return OpenAiChat.readResponse(body);
      default:
        return gemini.fromResponse(body);
    }
  }

  /** Google's own errors (quota, auth) come as google.rpc Status whatever the API. */
  private static ErrorMapper errors(Api api) {
    if (api == Api.ANTHROPIC) {
      return response -> googleStatus(response) ? VertexErrors.fromResponse(response)
          : AnthropicErrors.fromResponse(response);
    }
    return VertexErrors::fromResponse;
  }

  private static boolean googleStatus(UpstreamResponse response) {
    try {
      return Json.parseUpstream(response.body()).path("error").has("status");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Translates (a failure becomes a failed future), then adds the access token. */
  private Future<ProviderHttpRequest> authorized(Supplier<ProviderHttpRequest> translate) {
    return Calls.translate(translate).compose(request -> credentials.accessToken()
        .map(token -> VertexCredentials.authorize(request, token)));
  }

  private Future<List<UpstreamResponse>> sendAll(List<ProviderHttpRequest> requests,
      Duration timeout) {
    List<Supplier<Future<UpstreamResponse>>> calls = new ArrayList<>();
    for (ProviderHttpRequest request : requests) {
      calls.add(() -> send(request, timeout));
    }
    return Fanout.all(calls, MAX_IN_FLIGHT);
  }

  private Future<UpstreamResponse> send(ProviderHttpRequest request, Duration timeout) {
    return credentials.accessToken()
        .map(token -> VertexCredentials.authorize(request, token))
        .compose(authorized -> transport.send(authorized, timeout))
        .compose(response -> response.ok() ? Future.succeededFuture(response)
            : Future.failedFuture(VertexErrors.fromResponse(response)));
  }

}
