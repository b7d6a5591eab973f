package dev.gantry.adapters.triton;

import dev.gantry.adapters.http.Calls;
import dev.gantry.adapters.http.ErrorMapper;
import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.adapters.stream.SseFramer;
import dev.gantry.adapters.template.ChatTemplate;
import dev.gantry.adapters.template.ChatTemplates;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One Triton Inference Server (or another server of the KServe Open Inference Protocol v2): chat
 * through the generate extension ({@link TritonGenerate}, {@link TritonStreamDecoder}), the prompt
 * rendered with the chat template of the {@code tokenizer_config.json} a deployment names
 * (loaded once per path, on a worker; each render on a worker too), and embeddings through
 * {@code /infer} ({@link TritonEmbeddings}). Every call carries the configured headers and, when
 * an {@code api_key} is set, {@code Authorization: Bearer}. Warm-up asks
 * {@code /v2/health/ready}.
 */
public final class TritonAdapter implements ProviderAdapter {

  /** The longest silence tolerated between two events of a stream. */
  private static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(
      EnumSet.of(Capability.CHAT, Capability.CHAT_STREAM, Capability.JSON_SCHEMA,
          Capability.EMBEDDINGS));

  private final Vertx vertx;
  private final ProviderSettings.Triton settings;
  private final Map<String, String> headers;
  private final HttpTransport transport;
  private final ChatTemplates templates;

  /**
   * Resolves the API key (if any) from {@code env} and opens the connection pool.
   *
   * @throws IllegalStateException naming the variable or file when the key cannot be resolved
   */
  public TritonAdapter(Vertx vertx, ProviderSettings.Triton settings, Map<String, String> env) {
    this.vertx = vertx;
    this.settings = settings;
    Map<String, String> all = new LinkedHashMap<>(settings.headers());
    if (settings.apiKey() != null) {
      all.put("Authorization", "Bearer " + settings.apiKey().resolve(env));
    }
    this.headers = Collections.unmodifiableMap(all);
    this.transport = new HttpTransport(vertx, settings.baseUrl(), settings.maxConnections(),
        STREAM_IDLE_TIMEOUT);
    this.templates = new ChatTemplates(vertx);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Future<ChatResponse> chat(Invocation<ChatRequest> call) {
    return prepare(call, false).compose(prepared -> transport.exchange(
        request(TritonGenerate.request(prepared, modelUrl(call, prepared.options()), false)),
        call, response -> TritonGenerate.read(prepared, Json.parseUpstream(
            response.body())), errors(call)));
  }

  @Override
  public Future<UpstreamStream<ChatChunk>> streamChat(Invocation<ChatRequest> call) {
    return prepare(call, true).compose(prepared -> transport.stream(
        request(TritonGenerate.request(prepared, modelUrl(call, prepared.options()), true)),
        call, new SseFramer(), new TritonStreamDecoder(prepared), errors(call)));
  }

  @Override
  public Future<EmbeddingResponse> embed(Invocation<EmbeddingRequest> call) {
    int inputs = call.request().input().size();
    return Calls.translate(() -> TritonOptions.parse(call.options()))
        .compose(options -> Calls.translate(() -> TritonEmbeddings.request(call.request(),
                modelUrl(call, options), options))
            .compose(request -> transport.exchange(request(request), call,
                response -> TritonEmbeddings.read(Json.parseUpstream(response.body()), inputs,
                    options), errors(call))));
  }

  /** Ready when the server says all its models are ({@code GET /v2/health/ready} is 200). */
  @Override
  public Future<Void> warmUp() {
    return transport.send(request(TritonApi.ready(settings.baseUrl())), settings.timeout())
        .compose(response -> response.status() == 200 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE,
                "The Triton server is not ready (HTTP " + response.status() + " on "
                    + TritonApi.HEALTH_READY + ").")));
  }

  @Override
  public Future<Void> close() {
    return transport.close();
  }

  /**
   * The translated call: what cannot be expressed is refused first; then the deployment's chat
   * template is loaded (once) and rendered on a worker.
   */
  private Future<TritonCall> prepare(Invocation<ChatRequest> call, boolean stream) {
    return Calls.translate(() -> {
      TritonOptions options = TritonOptions.parse(call.options());
      TritonGenerate.checkExpressible(call.request(), options);
      return options;
    }).compose(options -> template(options).compose(template -> vertx.executeBlocking(
            () -> TritonGenerate.prepare(call.request(), template, options, stream), false)
        .recover(e -> Future.failedFuture(GatewayException.from(e)))));
  }

  private Future<ChatTemplate> template(TritonOptions options) {
    String path = options.tokenizerConfig();
    if (path == null) {
      return Future.failedFuture(TritonOptions.misconfigured("This Triton deployment needs the "
          + "option " + TritonOptions.TOKENIZER_CONFIG + " (the path of the model's "
          + "tokenizer_config.json) to turn conversations into prompts."));
    }
    return templates.get(path); // a file that cannot be loaded: a 500 saying so, the log says why
  }

  private String modelUrl(Invocation<?> call, TritonOptions options) {
    return TritonApi.modelUrl(settings.baseUrl(), call.upstreamModel(), options);
  }

  private ProviderHttpRequest request(ProviderHttpRequest request) {
    ProviderHttpRequest out = request;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      out = out.withHeader(header.getKey(), header.getValue());
    }
    return out;
  }

  private static ErrorMapper errors(Invocation<?> call) {
    return response -> TritonErrors.map(response, call.upstreamModel());
  }
}
