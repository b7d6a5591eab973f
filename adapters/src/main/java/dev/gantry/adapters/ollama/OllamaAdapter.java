package dev.gantry.adapters.ollama;

import dev.gantry.adapters.http.Calls;
import dev.gantry.adapters.http.ErrorMapper;
import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.media.ImageFetcher;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.adapters.stream.JsonLinesFramer;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One Ollama server, through its native API: {@code /api/chat} (whole or NDJSON-streamed),
 * {@code /api/embed}, and {@code /api/tags} for the models it has pulled.
 */
public final class OllamaAdapter implements ProviderAdapter {

  /** The longest silence allowed between two chunks of a stream. */
  private static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS, Capability.VISION,
      Capability.JSON_SCHEMA, Capability.EMBEDDINGS));

  private final ProviderSettings.Ollama settings;
  private final HttpTransport transport;
  private final ImageFetcher images;
  private final OllamaChatTranslator chat = new OllamaChatTranslator();
  private final OllamaEmbedTranslator embeddings = new OllamaEmbedTranslator();

  public OllamaAdapter(Vertx vertx, ProviderSettings.Ollama settings) {
    this(vertx, settings, new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS));
  }

  /** With a given image fetcher (tests use one that may reach loopback). */
  public OllamaAdapter(Vertx vertx, ProviderSettings.Ollama settings, ImageFetcher images) {
    this.settings = settings;
    this.images = images;
    this.transport = new HttpTransport(vertx, settings.baseUrl(), settings.maxConnections(),
        STREAM_IDLE_TIMEOUT);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Future<ChatResponse> chat(Invocation<ChatRequest> call) {
    return images.resolveImages(call.request())
        .compose(r -> Calls.translate(() -> chat.toRequest(r, call.upstreamModel(), false, settings)))
        .compose(request -> transport.exchange(request, call, this::readChat,
            errors(call.upstreamModel())));
  }

  @Override
  public Future<UpstreamStream<ChatChunk>> streamChat(Invocation<ChatRequest> call) {
    return images.resolveImages(call.request())
        .compose(r -> Calls.translate(() -> chat.toRequest(r, call.upstreamModel(), true, settings)))
        .compose(request -> transport.stream(request, call, new JsonLinesFramer(),
            new OllamaStreamDecoder(), errors(call.upstreamModel())));
  }

  @Override
  public Future<EmbeddingResponse> embed(Invocation<EmbeddingRequest> call) {
    int inputs = call.request().input().size();
    return Calls.translate(() -> embeddings.toRequest(call.request(), call.upstreamModel(), settings))
        .compose(request -> transport.exchange(request, call,
            response -> embeddings.fromResponse(OllamaApi.read(response.body()), inputs),
            errors(call.upstreamModel())));
  }

  /** Healthy when the server answers {@code /api/tags} and lists the model as pulled. */
  @Override
  public Future<Void> probe(String model) {
    return listModels().compose(names -> names.contains(model) || names.contains(model + ":latest")
        ? Future.<Void>succeededFuture()
        : Future.failedFuture(new GatewayException(ErrorKind.UPSTREAM_ERROR, "Ollama has no model `"
            + model + "` pulled.")));
  }

  /**
   * The names of the models pulled on the server ({@code GET /api/tags}), within the provider's
   * timeout; for health checks and for checking deployments.
   */
  public Future<List<String>> listModels() {
    return transport.exchange(OllamaApi.tags(settings), settings.timeout(),
        response -> OllamaApi.modelNames(OllamaApi.read(response.body())), OllamaErrors::map);
  }

  @Override
  public Future<Void> close() {
    return Future.join(transport.close(), images.close()).mapEmpty();
  }

  private ChatResponse readChat(UpstreamResponse response) {
    return chat.fromResponse(OllamaApi.read(response.body()));
  }

  private static ErrorMapper errors(String upstreamModel) {
    return response -> OllamaErrors.map(response, upstreamModel);
  }

  /** Runs a translation; its refusal becomes a failed future rather than a throw. */
}
