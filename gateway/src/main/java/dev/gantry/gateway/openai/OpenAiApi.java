package dev.gantry.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiCompletions;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.openai.OpenAiImages;
import dev.gantry.adapters.openai.ResponseMeta;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.config.ApiKey;
import dev.gantry.config.ModelAlias;
import dev.gantry.gateway.HttpErrors;
import dev.gantry.gateway.Redactor;
import dev.gantry.gateway.RequestIds;
import dev.gantry.gateway.Routes;
import dev.gantry.gateway.observability.GatewayMetrics;
import dev.gantry.policies.auth.Authenticate;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Pipeline;
import dev.gantry.policies.pipeline.RoutingHints;
import dev.gantry.policies.routing.ModelCatalog;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The OpenAI routes. Each POST route parses its body into an {@link ApiCall}, runs the pipeline,
 * and writes the outcome; every failure goes through {@link HttpErrors}.
 */
public final class OpenAiApi implements Routes {

  private static final String OVERHEAD_HEADER = "x-gantry-overhead-ms";
  /** How many calls to deployments the answer took (retries and failovers included). */
  private static final String ATTEMPTS_HEADER = "x-gantry-attempts";
  /** The deployment that served the answer (or, on an error, that was called last). */
  private static final String DEPLOYMENT_HEADER = "x-gantry-deployment";
  private static final String BASE64 = "gantry.embeddings.base64";

  private final Pipeline pipeline;
  private final Supplier<ModelCatalog> catalog;
  private final Supplier<KeyRing> keys;
  private final GatewayMetrics metrics;
  private final Redactor redactor;
  private final BiConsumer<Exchange, Usage> onUsage;
  private final long startedAt = System.currentTimeMillis() / 1000;

  /**
   * @param onUsage told of every answer's usage once it is complete (usage recording)
   */
  public OpenAiApi(Pipeline pipeline, Supplier<ModelCatalog> catalog, Supplier<KeyRing> keys,
      GatewayMetrics metrics, Redactor redactor, BiConsumer<Exchange, Usage> onUsage) {
    this.redactor = redactor;
    this.onUsage = onUsage;
    this.pipeline = pipeline;
    this.catalog = catalog;
    this.keys = keys;
    this.metrics = metrics;
  }

  /** The route table. The body handler (size limit) must be mounted before. */
  @Override
  public void mount(Router router) {
    router.post("/v1/chat/completions").handler(ctx -> handle(ctx, "chat", OpenAiApi::chatCall));
    router.post("/v1/completions").handler(ctx -> handle(ctx, "text_completion", OpenAiApi::completionCall));
    router.post("/v1/embeddings").handler(ctx -> handle(ctx, "embeddings", OpenAiApi::embeddingsCall));
    router.post("/v1/images/generations").handler(ctx -> handle(ctx, "image_generation", OpenAiApi::imagesCall));
    router.get("/v1/models").handler(this::listModels);
    router.getWithRegex("/v1/models/(?<id>.+)").handler(this::getModel);
  }

  private void handle(RoutingContext ctx, String operation, Function<JsonNode, ApiCall> parse) {
    long start = System.nanoTime();
    String requestId = RequestIds.of(ctx);
    ApiCall call;
    try {
      JsonNode body = Json.parse(ctx.body().buffer());
      call = parse.apply(body);
      if (call instanceof ApiCall.Embeddings) {
        ctx.put(BASE64, OpenAiEmbeddings.wantsBase64(body));
      }
    } catch (RuntimeException e) {
      GatewayException error = GatewayException.from(e);
      metrics.rejected(operation, error);
      HttpErrors.send(ctx, error, requestId);
      return;
    }
    Exchange exchange = new Exchange(requestId, call, presentedKey(ctx.request()), start);
    exchange.hints(RoutingHints.of(ctx.request().getHeader("x-gantry-pin"),
        ctx.request().getHeader("x-gantry-exclude")));
    exchange.cacheControl(ctx.request().headers().getAll("Cache-Control"));
    ctx.response().closeHandler(v -> exchange.cancel());
    pipeline.run(exchange).onComplete(ar -> {
      if (ar.succeeded()) {
        respond(ctx, exchange, ar.result());
      } else {
        GatewayException error = redactor.redact(GatewayException.from(ar.cause()));
        metrics.failure(exchange, error);
        if (!exchange.attempts().isEmpty()) {
          ctx.response().putHeader(ATTEMPTS_HEADER, Integer.toString(exchange.attempts().size()))
              .putHeader(DEPLOYMENT_HEADER,
                  exchange.attempts().get(exchange.attempts().size() - 1).deployment());
        }
        exchange.headers().forEach(ctx.response()::putHeader);
        HttpErrors.send(ctx, error, requestId);
      }
    });
  }

  private static ApiCall chatCall(JsonNode body) {
    return new ApiCall.Chat(OpenAiChat.readRequest(body));
  }

  private static ApiCall completionCall(JsonNode body) {
    return new ApiCall.Completion(OpenAiCompletions.readRequest(body));
  }

  private static ApiCall embeddingsCall(JsonNode body) {
    return new ApiCall.Embeddings(OpenAiEmbeddings.readRequest(body));
  }

  private static ApiCall imagesCall(JsonNode body) {
    ImageRequest request = OpenAiImages.readRequest(body);
    JsonNode format = body.get("response_format");
    if (format != null && "url".equals(format.asText())) {
      throw GatewayException.unsupported(
          "response_format 'url' is not supported: Gantry does not host image files. Use 'b64_json'.",
          "response_format");
    }
    JsonNode stream = body.get("stream");
    if (stream != null && stream.asBoolean(false)) {
      throw GatewayException.unsupported("stream is not supported for images: Gantry answers"
          + " with the whole images (partial images are not streamed). Leave stream out.",
          "stream");
    }
    return new ApiCall.Images(request);
  }

  private void respond(RoutingContext ctx, Exchange exchange, Outcome outcome) {
    if (outcome instanceof Outcome.Streaming) {
      stream(ctx, exchange, ((Outcome.Streaming) outcome).stream());
      return;
    }
    Object response = ((Outcome.Completed) outcome).response();
    ApiCall call = exchange.call();
    long now = System.currentTimeMillis() / 1000;
    Buffer body;
    Usage usage;
    if (call instanceof ApiCall.Chat) {
      ChatResponse r = (ChatResponse) response;
      body = OpenAiChat.writeResponse(r, new ResponseMeta(RequestIds.newId("chatcmpl-"), now, call.model()));
      usage = r.usage();
    } else if (call instanceof ApiCall.Completion) {
      CompletionResponse r = (CompletionResponse) response;
      body = OpenAiCompletions.writeResponse(r, new ResponseMeta(RequestIds.newId("cmpl-"), now, call.model()));
      usage = r.usage();
    } else if (call instanceof ApiCall.Embeddings) {
      EmbeddingResponse r = (EmbeddingResponse) response;
      body = OpenAiEmbeddings.writeResponse(r, call.model(), ctx.<Boolean>get(BASE64));
      usage = r.usage();
    } else {
      ImageResponse r = (ImageResponse) response;
      body = OpenAiImages.writeResponse(r, now);
      usage = r.usage();
    }
    HttpServerResponse resp = ctx.response().putHeader("content-type", "application/json");
    commonHeaders(resp, exchange);
    resp.end(body);
    metrics.success(exchange, usage, 0);
    onUsage.accept(exchange, usage);
  }

  @SuppressWarnings("unchecked")
  private void stream(RoutingContext ctx, Exchange exchange, UpstreamStream<?> upstream) {
    long now = System.currentTimeMillis() / 1000;
    ApiCall call = exchange.call();
    if (call instanceof ApiCall.Chat) {
      ChatRequest request = ((ApiCall.Chat) call).request();
      ResponseMeta meta = new ResponseMeta(RequestIds.newId("chatcmpl-"), now, call.model());
      boolean includeUsage = request.includeUsage();
      new Streamer<>(ctx, exchange, (UpstreamStream<ChatChunk>) upstream,
          chunk -> chunk.choices().isEmpty() && !includeUsage ? null
              : OpenAiChat.writeChunk(chunk, meta, includeUsage),
          ChatChunk::usage, resp -> commonHeaders(resp, exchange), metrics, redactor, onUsage)
          .start();
    } else {
      CompletionRequest request = ((ApiCall.Completion) call).request();
      ResponseMeta meta = new ResponseMeta(RequestIds.newId("cmpl-"), now, call.model());
      boolean includeUsage = request.includeUsage();
      new Streamer<>(ctx, exchange, (UpstreamStream<CompletionResponse>) upstream,
          chunk -> chunk.choices().isEmpty() && !includeUsage ? null
              : OpenAiCompletions.writeChunk(chunk, meta, includeUsage),
          CompletionResponse::usage, resp -> commonHeaders(resp, exchange), metrics, redactor,
          onUsage).start();
    }
  }

  private static void commonHeaders(HttpServerResponse resp, Exchange exchange) {
    long overheadMicros = Math.max(0,
        System.nanoTime() - exchange.startNanos() - exchange.upstreamNanos()) / 1000;
    resp.putHeader(RequestIds.HEADER, exchange.requestId())
        .putHeader(OVERHEAD_HEADER, millis(overheadMicros));
    exchange.route().ifPresent(r -> resp.putHeader(DEPLOYMENT_HEADER, r.deploymentLabel()));
    if (!exchange.attempts().isEmpty()) {
      resp.putHeader(ATTEMPTS_HEADER, Integer.toString(exchange.attempts().size()));
    }
    exchange.headers().forEach(resp::putHeader);
  }

  /** Microseconds as milliseconds with three decimals, e.g. {@code 0.042} (no String.format). */
  static String millis(long micros) {
    long frac = micros % 1000;
    return (micros / 1000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
  }

  private void listModels(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx);
    try {
      Optional<ApiKey> key = Authenticate.verify(keys.get(), presentedKey(ctx.request()));
      JsonArray data = new JsonArray();
      for (ModelAlias alias : catalog.get().aliases()) {
        if (key.isEmpty() || key.get().allows(alias.name())) {
          data.add(model(alias));
        }
      }
      sendJson(ctx, requestId, new JsonObject().put("object", "list").put("data", data));
    } catch (GatewayException e) {
      HttpErrors.send(ctx, e, requestId);
    }
  }

  private void getModel(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx);
    String id = ctx.pathParam("id");
    try {
      Optional<ApiKey> key = Authenticate.verify(keys.get(), presentedKey(ctx.request()));
      ModelAlias alias = catalog.get().alias(id)
          .filter(a -> key.isEmpty() || key.get().allows(a.name()))
          .orElseThrow(() -> GatewayException.modelNotFound(id));
      sendJson(ctx, requestId, model(alias));
    } catch (GatewayException e) {
      HttpErrors.send(ctx, e, requestId);
    }
  }

  private JsonObject model(ModelAlias alias) {
    return new JsonObject().put("id", alias.name()).put("object", "model").put("created", startedAt)
        .put("owned_by", "gantry");
  }

  private static void sendJson(RoutingContext ctx, String requestId, JsonObject body) {
    ctx.response().putHeader("content-type", "application/json")
        .putHeader(RequestIds.HEADER, requestId).end(body.toBuffer());
  }

  /** The key from {@code Authorization: Bearer}, {@code api-key} or {@code x-api-key}, or null. */
  public static String presentedKey(HttpServerRequest request) {
    String auth = request.getHeader("authorization");
    if (auth != null) {
      String trimmed = auth.trim();
      if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return trimmed.substring(7).trim();
      }
      return trimmed;
    }
    String key = request.getHeader("api-key");
    return key != null ? key.trim() : Optional.ofNullable(request.getHeader("x-api-key")).map(String::trim).orElse(null);
  }
}
