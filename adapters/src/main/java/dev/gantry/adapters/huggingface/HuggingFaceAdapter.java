package dev.gantry.adapters.huggingface;

import dev.gantry.adapters.http.Calls;
import dev.gantry.adapters.http.ErrorMapper;
import dev.gantry.adapters.http.Fanout;
import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.huggingface.tgi.TgiCall;
import dev.gantry.adapters.huggingface.tgi.TgiGenerate;
import dev.gantry.adapters.huggingface.tgi.TgiStreamDecoder;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiCompletions;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.openaicompat.OpenAiCompatCompletionStreamDecoder;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.adapters.stream.SseFramer;
import dev.gantry.adapters.template.ChatTemplates;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Hugging Face server (providers.md §4.2–4.5): a TGI server for chat through its Messages API
 * ({@code /v1/chat/completions}, {@code /v1/completions}), a TEI server for embeddings
 * ({@code /embed} or {@code /v1/embeddings}, see {@link EmbedApi}), either on an Inference
 * Endpoint, or the Inference Providers router (OpenAI-compatible, model names
 * {@code org/model[:provider]}). The deployment option {@code api} picks the route
 * ({@link ChatApi}, {@link EmbedApi}).
 *
 * <ul>
 *   <li>{@link #warmUp()} reads {@code /info} (model id, token limits, TEI's batch limit) and
 *       starts the keep-warm ping; a server without {@code /info} (the router) or one still
 *       asleep does not fail it, and the information is read again later.</li>
 *   <li>Every call goes through {@link ColdStart}: a 503 while the endpoint starts is retried
 *       within the call's timeout.</li>
 *   <li>Answers are read by the OpenAI codec; TGI's quirks (repeated roles and tool-call ids, id
 *       {@code "0"} for every call, tool-call streams without a finish reason) are straightened
 *       by {@link ToolCallIds} and {@link HuggingFaceStreamDecoder}. Streams always ask for usage.</li>
 *   <li>Errors: {@link HuggingFaceErrors}.</li>
 * </ul>
 */
public final class HuggingFaceAdapter implements ProviderAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(HuggingFaceAdapter.class);

  /** The longest silence tolerated between two chunks of a stream. */
  static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** The most TEI batches of one request in flight at once. */
  static final int MAX_IN_FLIGHT = 4;
  /** The budget of an {@code /info} or {@code /health} call. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS, Capability.VISION,
      Capability.JSON_SCHEMA, Capability.LOGPROBS, Capability.COMPLETIONS,
      Capability.EMBEDDINGS));

  private final Vertx vertx;
  private final ProviderSettings.HuggingFace settings;
  private final HuggingFaceTranslator translator;
  private final HttpTransport transport;
  private final ColdStart coldStart;
  private final ServerInfoCache info;
  private final Supplier<String> callIds;
  private final ChatTemplates templates;
  /** The deployment option naming the model's {@code tokenizer_config.json} ({@code generate}). */
  static final String TOKENIZER_CONFIG = "tokenizer_config";
  private final AtomicLong keepWarmTimer = new AtomicLong(-1);

  /**
   * Resolves the token (if any) from {@code env} and opens the connection pool.
   *
   * @throws IllegalStateException naming the variable or file when the token cannot be resolved
   */
  public HuggingFaceAdapter(Vertx vertx, ProviderSettings.HuggingFace settings,
      Map<String, String> env) {
    this(vertx, settings, env, ToolCall::newId);
  }

  /** For tests: tool-call ids from {@code callIds}. */
  HuggingFaceAdapter(Vertx vertx, ProviderSettings.HuggingFace settings,
      Map<String, String> env, Supplier<String> callIds) {
    this.vertx = vertx;
    this.settings = settings;
    String token = settings.apiKey() == null ? null : settings.apiKey().resolve(env);
    this.translator = new HuggingFaceTranslator(settings, token);
    this.transport = new HttpTransport(vertx, settings.baseUrl(), settings.maxConnections(),
        STREAM_IDLE_TIMEOUT);
    this.coldStart = new ColdStart(vertx, settings.maxColdStartWait());
    this.info = new ServerInfoCache(transport, translator.info(), PROBE_TIMEOUT);
    this.callIds = callIds;
    this.templates = new ChatTemplates(vertx);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /**
   * Reads {@code /info} and starts the keep-warm ping; never fails (an endpoint asleep at startup
   * is normal for scale-to-zero).
   */
  @Override
  public Future<Void> warmUp() {
    if (settings.keepWarm() != null && keepWarmTimer.get() < 0) {
      long timer = vertx.setPeriodic(settings.keepWarm().toMillis(), id -> ping());
      if (!keepWarmTimer.compareAndSet(-1, timer)) {
        vertx.cancelTimer(timer);
      }
    }
    return info.refresh()
        .onSuccess(found -> LOG.info("provider={} info={}", settings.name(),
            found.map(ServerInfo::toString).orElse("none (the server has no /info)")))
        .otherwise(e -> {
          LOG.warn("provider={} could not read /info yet: {}", settings.name(), e.getMessage());
          return Optional.empty();
        })
        .mapEmpty();
  }

  /** What the server said at {@code /info}, when it has answered. */
  public Optional<ServerInfo> serverInfo() {
    return info.known();
  }

  @Override
  public Future<ChatResponse> chat(Invocation<ChatRequest> call) {
    if (generate(call)) {
      return prepare(call).compose(tgi -> withColdStart(call, HuggingFaceErrors.mapper("messages"),
          (left, errors) -> transport.exchange(withId(translator.generate(tgi, false), call),
              call.withTimeout(left),
              response -> TgiGenerate.read(tgi, Json.parseUpstream(response.body())), errors)));
    }
    return Calls.translate(() -> chatRequest(call, false))
        .compose(request -> withColdStart(call, HuggingFaceErrors.mapper("messages"),
            (left, errors) -> transport.exchange(request, call.withTimeout(left),
                response -> new ToolCallIds(callIds)
                    .fix(OpenAiChat.readResponse(Json.parseUpstream(response.body()))),
                errors)))
        .onSuccess(r -> info.refreshIfUnknown());
  }

  @Override
  public Future<UpstreamStream<ChatChunk>> streamChat(Invocation<ChatRequest> call) {
    if (generate(call)) {
      return prepare(call).compose(tgi -> withColdStart(call, HuggingFaceErrors.mapper("messages"),
          (left, errors) -> transport.stream(withId(translator.generate(tgi, true), call),
              call.withTimeout(left), new SseFramer(), new TgiStreamDecoder(tgi), errors)));
    }
    return Calls.translate(() -> chatRequest(call, true))
        .compose(request -> withColdStart(call, HuggingFaceErrors.mapper("messages"),
            (left, errors) -> transport.stream(request, call.withTimeout(left), new SseFramer(),
                new HuggingFaceStreamDecoder(new ToolCallIds(callIds)),
                errors)));
  }

  @Override
  public Future<CompletionResponse> complete(Invocation<CompletionRequest> call) {
    return Calls.translate(() -> withId(translator.completion(call.request(),
            call.upstreamModel(), false), call))
        .compose(request -> withColdStart(call, HuggingFaceErrors.mapper("prompt"),
            (left, errors) -> transport.exchange(request, call.withTimeout(left),
                response -> OpenAiCompletions.readResponse(Json.parseUpstream(response.body())),
                errors)));
  }

  @Override
  public Future<UpstreamStream<CompletionResponse>> streamComplete(
      Invocation<CompletionRequest> call) {
    return Calls.translate(() -> withId(translator.completion(call.request(),
            call.upstreamModel(), true), call))
        .compose(request -> withColdStart(call, HuggingFaceErrors.mapper("prompt"),
            (left, errors) -> transport.stream(request, call.withTimeout(left), new SseFramer(),
                new OpenAiCompatCompletionStreamDecoder(),
                errors)));
  }

  @Override
  public Future<EmbeddingResponse> embed(Invocation<EmbeddingRequest> call) {
    long deadline = ColdStart.deadline(call.timeout());
    return Calls.translate(() -> EmbedApi.of(call.options())).compose(api -> api == EmbedApi.EMBED
        ? info.get(call.timeout()).compose(server -> embedInBatches(call, server, deadline))
        : embedOpenAi(call, deadline));
  }

  @Override
  public Future<Void> close() {
    long timer = keepWarmTimer.getAndSet(-1);
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return transport.close();
  }

  /** Whether the deployment speaks TGI's native API (a misconfigured one fails in its call). */
  private boolean generate(Invocation<ChatRequest> call) {
    try {
      return ChatApi.of(call.options(), settings.isRouter()) == ChatApi.GENERATE;
    } catch (GatewayException e) {
      return false;
    }
  }

  /**
   * The TGI body for {@code api: generate}: the deployment's chat template (option
   * {@code tokenizer_config}, loaded once), rendered on a worker (about a millisecond for a long
   * conversation).
   */
  private Future<TgiCall> prepare(Invocation<ChatRequest> call) {
    String path = call.options().get(TOKENIZER_CONFIG);
    if (path == null || path.isBlank()) {
      return Future.failedFuture(new GatewayException(ErrorKind.INTERNAL, "The deployment's option"
          + " tokenizer_config (the path of the model's tokenizer_config.json) is required with"
          + " api: generate."));
    }
    return templates.get(path).compose(template -> vertx.executeBlocking(
        () -> TgiGenerate.prepare(call.request(), template), false))
        .recover(e -> Future.failedFuture(GatewayException.from(e)));
  }

  /**
   * The chat request for the deployment's route; on TGI, a {@code max_tokens} that leaves no room
   * for any prompt under the server's {@code max_total_tokens} is refused before the call.
   */
  private ProviderHttpRequest chatRequest(Invocation<ChatRequest> call, boolean stream) {
    ChatApi api = ChatApi.of(call.options(), settings.isRouter());
    Integer maxTokens = call.request().params().maxTokens();
    Integer maxTotal = info.known().map(ServerInfo::maxTotalTokens).orElse(null);
    if (api == ChatApi.MESSAGES && maxTokens != null && maxTotal != null
        && maxTokens >= maxTotal) {
      throw GatewayException.invalid("max_tokens is too large: " + maxTokens + ". The model"
          + " server accepts at most " + maxTotal + " tokens in total (prompt and completion).",
          "max_tokens");
    }
    return withId(translator.chat(call.request(), call.upstreamModel(), stream, api), call);
  }

  private Future<EmbeddingResponse> embedOpenAi(Invocation<EmbeddingRequest> call,
      long deadline) {
    int expected = call.request().input().size();
    return Calls.translate(() -> withId(translator.openAiEmbeddings(call.request(),
            call.upstreamModel()), call))
        .compose(request -> coldStart.call(deadline, (left, errors) -> transport.exchange(request,
            call.withTimeout(left), response -> OpenAiEmbeddings.readResponse(
                Json.parseUpstream(response.body()), expected), errors),
            HuggingFaceErrors.mapper("input")));
  }

  /** TEI's {@code /embed}, in batches of the server's {@code max_client_batch_size}. */
  private Future<EmbeddingResponse> embedInBatches(Invocation<EmbeddingRequest> call,
      Optional<ServerInfo> server, long deadline) {
    int batchSize = server.map(ServerInfo::maxClientBatchSize).orElse(0);
    return Calls.translate(() -> translator.embed(call.request(), batchSize))
        .compose(requests -> {
          List<Integer> sizes = TeiEmbed.batchSizes(call.request().input().size(), batchSize);
          List<Supplier<Future<EmbeddingResponse>>> calls = new ArrayList<>(requests.size());
          for (int i = 0; i < requests.size(); i++) {
            ProviderHttpRequest request = withId(requests.get(i), call);
            int expected = sizes.get(i);
            calls.add(() -> coldStart.call(deadline, (left, errors) -> transport.exchange(
                request, call.withTimeout(left), response -> TeiEmbed.read(response, expected), errors),
                HuggingFaceErrors.mapper("input")));
          }
          return Fanout.all(calls, MAX_IN_FLIGHT);
        })
        .map(TeiEmbed::combine);
  }

  private <T> Future<T> withColdStart(Invocation<?> call, ErrorMapper errors,
      BiFunction<Duration, ErrorMapper, Future<T>> attempt) {
    return coldStart.call(ColdStart.deadline(call.timeout()), attempt, errors);
  }

  /** {@code GET /health} (the router: its OpenAI model list): 200 once the server is ready. */
  @Override
  public Future<Void> probe(String model) {
    ProviderHttpRequest request = settings.isRouter() ? translator.models() : translator.health();
    return transport.exchange(request, PROBE_TIMEOUT, response -> (Void) null,
        HuggingFaceErrors.mapper("model"));
  }

  /** The keep-warm ping: its outcome only matters to the endpoint's idle clock. */
  private void ping() {
    transport.send(translator.health(), PROBE_TIMEOUT).onComplete(ar -> {
      if (ar.failed() || !ar.result().ok()) {
        LOG.debug("provider={} keep-warm ping: {}", settings.name(),
            ar.failed() ? ar.cause().getMessage() : "HTTP " + ar.result().status());
      }
    });
  }

  private static ProviderHttpRequest withId(ProviderHttpRequest request, Invocation<?> call) {
    return request.withHeader("x-request-id", call.requestId());
  }
}
