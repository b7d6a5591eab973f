package dev.gantry.adapters.vertex;

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
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.CountCall;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.InputTokenCounting;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.adapters.stream.ChatReplay;
import dev.gantry.adapters.stream.SseFramer;
import dev.gantry.adapters.vertex.anthropic.AnthropicCountTokens;
import dev.gantry.adapters.vertex.anthropic.AnthropicErrors;
import dev.gantry.adapters.vertex.anthropic.AnthropicStreamDecoder;
import dev.gantry.adapters.vertex.anthropic.AnthropicTranslator;
import dev.gantry.adapters.vertex.auth.VertexCredentials;
import dev.gantry.adapters.vertex.predict.EndpointChat;
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
 * A deployment with the option {@code endpoint} (an endpoint id) calls a model the team deployed
 * to its own endpoint instead: by default through the endpoint's OpenAI-compatible route
 * {@code endpoints/{id}/chat/completions}; with {@code api: predict} through {@code :predict} in
 * the {@code chatCompletions} request format (answered whole, replayed as chunks to a streaming
 * client); with {@code api: gemini} a tuned Gemini at {@code endpoints/{id}:generateContent}. The
 * option {@code endpoint_host} names a dedicated endpoint's own DNS name
 * ({@code https://{id}.{region}-{project number}.prediction.vertexai.goog}).
 * Embeddings and Imagen go through {@code :predict}. Every call carries an OAuth access token from
 * {@link VertexCredentials}; remote image URLs are fetched and inlined first. Gemini and Claude
 * prompts can be counted by Vertex itself ({@link GeminiCountTokens},
 * {@link AnthropicCountTokens}) from the same translation as the chat call.
 */
public final class VertexAdapter implements ProviderAdapter, InputTokenCounting {

  static final int MAX_IN_FLIGHT = 8;
  static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);

  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS, Capability.VISION,
      Capability.JSON_SCHEMA, Capability.EMBEDDINGS, Capability.IMAGES));

  /** Which Vertex API serves a chat deployment. */
  enum Api { GEMINI, ANTHROPIC, OPENAI, PREDICT }

  private final Vertx vertx;
  private final ProviderSettings.Vertex settings;
  private final String locationUrl;
  private final VertexCredentials credentials;
  private final HttpTransport transport;
  private final ImageFetcher images;
  private final GeminiTranslator gemini = new GeminiTranslator();
  private final AnthropicTranslator anthropic = new AnthropicTranslator();

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
    this.vertx = vertx;
    this.settings = settings;
    this.locationUrl = settings.locationUrl();
    this.credentials = credentials;
    this.images = images;
    this.transport = new HttpTransport(vertx, settings.baseUrl(), settings.maxConnections(),
        STREAM_IDLE_TIMEOUT);
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
    Api api;
    try {
      api = api(call);
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
    return images.resolveImages(call.request(), VertexAdapter::cloudStorage)
        .compose(request -> authorized(() -> chatRequest(api, request, call, false)))
        .compose(request -> transport.exchange(request, call,
            response -> readChat(api, response), errors(api)));
  }

  @Override
  public Future<UpstreamStream<ChatChunk>> streamChat(Invocation<ChatRequest> call) {
    Api api;
    try {
      api = api(call);
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
    if (api == Api.PREDICT) {
      io.vertx.core.Context context = vertx.getOrCreateContext();
      return chat(call).map(response -> ChatReplay.stream(context, response));
    }
    return images.resolveImages(call.request(), VertexAdapter::cloudStorage)
        .compose(request -> authorized(() -> chatRequest(api, request, call, true)))
        .compose(request -> transport.stream(request, call,
            api == Api.GEMINI ? SseFramer.withBareJson() : new SseFramer(),
            api == Api.GEMINI ? new GeminiStreamDecoder()
                : api == Api.ANTHROPIC ? new AnthropicStreamDecoder()
                : new OpenAiCompatStreamDecoder(),
            errors(api)));
  }

  /**
   * Gemini {@code :countTokens} or Claude {@code count-tokens:rawPredict} of the request
   * {@link #chat} would send; UNSUPPORTED for the OpenAI-compatible and {@code predict} routes.
   */
  @Override
  public Future<CountCall> prepareCount(Invocation<ChatRequest> call) {
    Api api;
    try {
      api = api(call);
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
    if (api != Api.GEMINI && api != Api.ANTHROPIC) {
      return Future.failedFuture(GatewayException.unsupported(
          "This deployment's Vertex API cannot count tokens.", null));
    }
    return images.resolveImages(call.request(), VertexAdapter::cloudStorage)
        .compose(request -> Calls.translate(() -> countRequest(api, request, call)))
        .map(request -> CountCall.of(request.url(), request.body(),
            () -> credentials.accessToken()
                .map(token -> VertexCredentials.authorize(request, token))
                .compose(authorized -> transport.exchange(authorized, call,
                    response -> readCount(api, response), errors(api)))));
  }

  private ProviderHttpRequest countRequest(Api api, ChatRequest request, Invocation<?> call) {
    ProviderHttpRequest generate = chatRequest(api, request, call, false);
    return api == Api.GEMINI ? GeminiCountTokens.toRequest(generate)
        : AnthropicCountTokens.toRequest(generate,
            VertexResources.publisherModel(locationUrl, "anthropic", "count-tokens"),
            call.upstreamModel());
  }

  private static int readCount(Api api, UpstreamResponse response) {
    return api == Api.GEMINI ? GeminiCountTokens.fromResponse(Json.parseUpstream(response.body()))
        : AnthropicCountTokens.fromResponse(Json.parseUpstream(response.body()));
  }

  @Override
  public Future<EmbeddingResponse> embed(Invocation<EmbeddingRequest> call) {
    return Calls.translate(() -> VertexEmbeddings.plan(call.request(), locationUrl,
            call.upstreamModel(), call.options()))
        .compose(plan -> sendAll(plan.requests(), call)
            .compose(responses -> Calls.read(() -> VertexEmbeddings.combine(plan, responses))));
  }

  @Override
  public Future<ImageResponse> generateImages(Invocation<ImageRequest> call) {
    return Calls.translate(() -> VertexImagen.toRequest(call.request(), locationUrl,
            call.upstreamModel(), call.options()))
        .compose(request -> send(request, call))
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

  /**
   * The API a chat deployment speaks: its option {@code api}, else what the model name says.
   *
   * @throws GatewayException a deployment misconfiguration (an unknown api, {@code predict}
   *     without an endpoint)
   */
  static Api api(Invocation<?> call) {
    String forced = call.options().get("api");
    boolean endpoint = call.options().containsKey("endpoint");
    if (forced != null) {
      for (Api api : Api.values()) {
        if (api.name().equalsIgnoreCase(forced)) {
          if (api == Api.PREDICT && !endpoint) {
            throw misconfigured("The deployment's option api: predict needs the option endpoint.");
          }
          return api;
        }
      }
      throw misconfigured("The deployment's option api must be gemini, anthropic, openai or"
          + " predict.");
    }
    String model = call.upstreamModel();
    if (endpoint) {
      return Api.OPENAI;
    }
    if (model.startsWith("claude")) {
      return Api.ANTHROPIC;
    }
    return model.contains("/") ? Api.OPENAI : Api.GEMINI;
  }

  /**
   * Where the deployment's model is served, without the verb: its endpoint when it names one,
   * else the publisher's model (MaaS open models share the {@code openapi} endpoint).
   */
  String resource(Api api, Invocation<?> call) {
    String endpoint = call.options().get("endpoint");
    if (endpoint != null) {
      String host = call.options().get("endpoint_host");
      return VertexResources.endpoint(host == null ? locationUrl : settings.locationUrl(host),
          endpoint);
    }
    switch (api) {
      case ANTHROPIC:
        return VertexResources.publisherModel(locationUrl, "anthropic", call.upstreamModel());
      case OPENAI:
        return VertexResources.endpoint(locationUrl, "openapi");
      default:
        return VertexResources.publisherModel(locationUrl, "google", call.upstreamModel());
    }
  }

  private ProviderHttpRequest chatRequest(Api api, ChatRequest request, Invocation<?> call,
      boolean stream) {
    String resource = resource(api, call);
    switch (api) {
      case ANTHROPIC:
        return anthropic.toRequestAt(request, resource, stream);
      case OPENAI:
        return ProviderHttpRequest.postJson(resource + "/chat/completions",
            Map.of("accept", stream ? GeminiTranslator.EVENT_STREAM : GeminiTranslator.JSON),
            OpenAiChat.writeRequest(request, call.upstreamModel(), stream));
      case PREDICT:
        return EndpointChat.toRequest(request, resource);
      default:
        return gemini.toRequestAt(request, resource, stream);
    }
  }

  private ChatResponse readChat(Api api, UpstreamResponse response) {
    switch (api) {
      case ANTHROPIC:
        return anthropic.fromResponse(Json.parseUpstream(response.body()));
      case OPENAI:
        return OpenAiChat.readResponse(Json.parseUpstream(response.body()));
      case PREDICT:
        return EndpointChat.fromResponse(response);
      default:
        return gemini.fromResponse(Json.parseUpstream(response.body()));
    }
  }

  private static GatewayException misconfigured(String message) {
    return new GatewayException(ErrorKind.INTERNAL, message, null, -1, null);
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
      Invocation<?> call) {
    List<Supplier<Future<UpstreamResponse>>> calls = new ArrayList<>();
    for (ProviderHttpRequest request : requests) {
      calls.add(() -> send(request, call));
    }
    return Fanout.all(calls, MAX_IN_FLIGHT);
  }

  private Future<UpstreamResponse> send(ProviderHttpRequest request, Invocation<?> call) {
    return credentials.accessToken()
        .map(token -> VertexCredentials.authorize(request, token))
        .compose(authorized -> transport.send(authorized, call.timeout(), call.cancellation()))
        .compose(response -> response.ok() ? Future.succeededFuture(response)
            : Future.failedFuture(VertexErrors.fromResponse(response)));
  }

}
