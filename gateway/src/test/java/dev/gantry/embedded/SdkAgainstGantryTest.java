package dev.gantry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.Limits;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.sdk.AuthenticationException;
import dev.gantry.sdk.BadRequestException;
import dev.gantry.sdk.ContextLengthExceededException;
import dev.gantry.sdk.PermissionDeniedException;
import dev.gantry.sdk.RateLimitException;
import dev.gantry.sdk.RetryPolicy;
import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.NotFoundException;
import dev.gantry.sdk.chat.ChatAccumulator;
import dev.gantry.sdk.chat.ChatChunk;
import dev.gantry.sdk.chat.ChatCompletion;
import dev.gantry.sdk.chat.ChatCompletionRequest;
import dev.gantry.sdk.chat.ChatMessage;
import dev.gantry.sdk.chat.ChatStream;
import dev.gantry.sdk.chat.Usage;
import dev.gantry.sdk.embeddings.EmbeddingRequest;
import dev.gantry.sdk.embeddings.EmbeddingResponse;
import dev.gantry.sdk.embeddings.EncodingFormat;
import dev.gantry.sdk.models.TokenizeRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java SDK against a real Gantry embedded in this JVM (fake upstream): chat whole and
 * streamed, usage details, embeddings, models, token counts, Gantry's headers, typed errors with
 * request ids, the same answers as the official OpenAI Java SDK for the same requests, a closed
 * stream cancelling the upstream call, and a 429 of the gateway's own limits retried after its
 * {@code Retry-After}.
 */
class SdkAgainstGantryTest {

  private static final String KEY = "sk-sdk-test-key";
  private static final String NARROW_KEY = "sk-sdk-narrow-key";
  private static final String SINGLE_KEY = "sk-sdk-one-at-a-time";
  private static Vertx vertx;
  private static FakeOpenAiUpstream upstream;
  private static Gantry gantry;
  private static GantryClient client;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    ProviderSettings fake = new ProviderSettings.OpenAi("fake", upstream.baseUrl(), null, null,
        Map.of(), Map.of(), Duration.ofSeconds(10), 8);
    gantry = Gantry.start(new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1 << 20,
            Duration.ofSeconds(30)), Map.of("fake", fake),
        List.of(new ModelAlias("chat", ModelKind.CHAT,
                List.of(new Deployment("fake", "gpt-4o-mini", 1, null)), null),
            new ModelAlias("embed", ModelKind.EMBEDDINGS,
                List.of(new Deployment("fake", "text-embedding-3-small", 1, null)), null)),
        List.of(new ApiKey("app", SecretRef.literal(KEY), null, List.of()),
            new ApiKey("narrow", SecretRef.literal(NARROW_KEY), null, List.of("embed")),
            new ApiKey("single", SecretRef.literal(SINGLE_KEY), null, List.of(), false, null,
                new Limits(null, null, null, null, 1L, null)))), Map.of());
    client = GantryClient.builder().baseUrl(gantry.baseUri().toString()).apiKey(KEY)
        .maxRetries(0).build();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    gantry.close();
    upstream.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static ChatCompletionRequest hello(String model) {
    return ChatCompletionRequest.builder().model(model)
        .addMessage(ChatMessage.user("Hello, world!")).build();
  }

  @Test
  void chat_wholeAndStreamed_carryGantrysHeaders_andMatchTheOfficialSdk() throws Exception {
    ChatCompletion whole = client.chat().create(hello("chat"));
    ChatCompletion streamed;
    try (ChatStream stream = client.chat().stream(hello("chat"))) {
      ChatAccumulator acc = new ChatAccumulator();
      for (ChatChunk chunk : stream) {
        acc.add(chunk);
      }
      streamed = acc.toCompletion();
    }
    OpenAIClient official = OpenAIOkHttpClient.builder().baseUrl(gantry.baseUri().toString())
        .apiKey(KEY).maxRetries(0).build();
    com.openai.models.chat.completions.ChatCompletion theirs = official.chat().completions()
        .create(ChatCompletionCreateParams.builder().model("chat")
            .addUserMessage("Hello, world!").build());

    assertThat(whole.content()).isPresent();
    assertThat(whole.content()).isEqualTo(theirs.choices().get(0).message().content());
    assertThat(whole.headers().requestId()).isPresent();
    assertThat(whole.headers().deployment()).hasValue("fake/gpt-4o-mini");
    assertThat(whole.headers().overheadMillis()).hasValueSatisfying(ms -> assertThat(ms).isNotNegative());
    assertThat(whole.headers().attempts()).hasValue(1);
    assertThat(streamed.content().orElse("")).isNotBlank();
  }

  @Test
  void chat_usageDetails_cachedAndReasoningTokens_reachTheSdk() {
    // the recorded answer, its zero details set to counts (Gantry writes details only when > 0)
    JsonObject answer = new JsonObject(FakeOpenAiUpstream.resource("chat-basic.json"));
    answer.getJsonObject("usage").getJsonObject("prompt_tokens_details").put("cached_tokens", 6);
    answer.getJsonObject("usage").getJsonObject("completion_tokens_details")
        .put("reasoning_tokens", 4);
    upstream.once("/v1/chat/completions", req -> req.response()
        .putHeader("content-type", "application/json").end(answer.toBuffer()));

    Usage usage = client.chat().create(hello("chat")).usage();

    assertThat(usage.promptTokens()).isEqualTo(8);
    assertThat(usage.completionTokens()).isEqualTo(9);
    assertThat(usage.cachedTokens()).isEqualTo(6);
    assertThat(usage.reasoningTokens()).isEqualTo(4);
  }

  @Test
  void openAiParts_workAgainstAPlainOpenAiCompatibleServer_withoutGantrysHeaders() {
    try (GantryClient direct = GantryClient.builder().baseUrl(upstream.baseUrl())
        .apiKey("sk-upstream").maxRetries(0).build()) {
      ChatCompletion whole = direct.chat().create(hello("gpt-4o-mini"));
      ChatCompletion streamed;
      try (ChatStream stream = direct.chat().stream(hello("gpt-4o-mini"))) {
        streamed = stream.accumulate();
      }
      EmbeddingResponse e = direct.embeddings().create(EmbeddingRequest.builder()
          .model("text-embedding-3-small").addInput("hello").build());

      assertThat(whole.content()).isPresent();
      assertThat(whole.headers().deployment()).isEmpty();
      assertThat(streamed.content().orElse("")).isNotBlank();
      assertThat(e.vector(0)).hasSizeGreaterThan(100);
      assertThat(upstream.received().get(upstream.received().size() - 1).headers()
          .get("authorization")).isEqualTo("Bearer sk-upstream");
    }
  }

  @Test
  void embeddings_models_andTokenCounts() {
    EmbeddingResponse e = client.embeddings().create(EmbeddingRequest.builder().model("embed")
        .addInput("hello").addInput("world").encodingFormat(EncodingFormat.BASE64).build());

    assertThat(e.vector(0)).hasSizeGreaterThan(100);
    assertThat(e.vector(1)).hasSameSizeAs(e.vector(0));
    assertThat(client.models().list().data()).extracting(m -> m.id())
        .containsExactlyInAnyOrder("chat", "embed");
    assertThat(client.tokenize().count(TokenizeRequest.prompt("chat", "Hello, world!"))
        .count()).isPositive();
  }

  @Test
  void errors_areTyped_withTheGatewaysRequestId() {
    assertThatThrownBy(() -> client.chat().create(hello("no-such-model")))
        .isInstanceOfSatisfying(NotFoundException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.code()).hasValue("model_not_found");
          assertThat(e.requestId()).isPresent();
        });
    GantryClient wrong = GantryClient.builder().baseUrl(gantry.baseUri().toString())
        .apiKey("sk-wrong-key-123").maxRetries(0).build();
    assertThatThrownBy(() -> wrong.chat().create(hello("chat")))
        .isInstanceOf(AuthenticationException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-wrong-key-123"));
    assertThat(wrong.toString()).doesNotContain("sk-wrong-key-123");
  }

  @Test
  void closingAStreamMidway_cancelsTheUpstreamCall() throws Exception {
    CompletableFuture<Integer> upstreamClosedAfter = new CompletableFuture<>();
    upstream.once("/v1/chat/completions", req -> {
      HttpServerResponse resp = req.response().setChunked(true)
          .putHeader("content-type", "text/event-stream");
      AtomicInteger sent = new AtomicInteger();
      long timer = vertx.setPeriodic(20, id -> resp.write(FakeOpenAiUpstream.sse(
          "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
          + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":\"tok \"},\"finish_reason\":null}]}"))
          .onSuccess(v -> sent.incrementAndGet()));
      resp.closeHandler(v -> {
        vertx.cancelTimer(timer);
        upstreamClosedAfter.complete(sent.get());
      });
    });

    try (ChatStream stream = client.chat().stream(hello("chat"))) {
      Iterator<ChatChunk> chunks = stream.iterator();
      int read = 0;
      while (read < 3 && chunks.hasNext()) {
        if (chunks.next().text().contains("tok")) {
          read++;
        }
      }
      assertThat(read).isEqualTo(3);
    }

    // The upstream keeps streaming until its connection is closed: Gantry must close it.
    int sent = upstreamClosedAfter.get(10, TimeUnit.SECONDS);
    assertThat(sent).as("chunks the upstream wrote before the gateway hung up").isLessThan(200);
  }

  @Test
  void aConcurrencyLimit429_isRetriedAfterTheGatewaysRetryAfter_andSucceeds() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    upstream.once("/v1/chat/completions", req -> release.whenComplete((v, e) ->
        vertx.runOnContext(x -> req.response().putHeader("content-type", "application/json")
            .end(FakeOpenAiUpstream.resource("chat-basic.json")))));
    List<Duration> waits = new CopyOnWriteArrayList<>();
    RetryPolicy recorded = RetryPolicy.builder().sleeper(d -> {
      waits.add(d);
      release.complete(null);            // the call holding the only slot ends meanwhile
      Thread.sleep(Math.min(d.toMillis(), 1500));
    }).build();
    try (GantryClient single = GantryClient.builder().baseUrl(gantry.baseUri().toString())
            .apiKey(SINGLE_KEY).maxRetries(0).build();
        GantryClient retrying = GantryClient.builder().baseUrl(gantry.baseUri().toString())
            .apiKey(SINGLE_KEY).maxRetries(3).retryPolicy(recorded).build()) {
      long before = upstream.calls("/v1/chat/completions");
      CompletableFuture<ChatCompletion> holder = single.chat().createAsync(hello("chat"));
      awaitUpstreamCalls(before + 1);

      assertThatThrownBy(() -> single.chat().create(hello("chat")))
          .isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).isPresent();
            assertThat(e.requestId()).isPresent();
          });
      ChatCompletion answer = retrying.chat().create(hello("chat"));

      assertThat(answer.content()).isPresent();
      assertThat(waits).hasSize(1);
      assertThat(waits.get(0)).isPositive();
      assertThat(holder.get(10, TimeUnit.SECONDS).content()).isPresent();
    }
  }

  @Test
  void errorKinds_mapToTypedExceptions() {
    try (GantryClient narrow = GantryClient.builder().baseUrl(gantry.baseUri().toString())
        .apiKey(NARROW_KEY).maxRetries(0).build()) {
      assertThatThrownBy(() -> narrow.chat().create(hello("chat")))
          .isInstanceOfSatisfying(PermissionDeniedException.class,
              e -> assertThat(e.status()).isEqualTo(403));
    }
    assertThatThrownBy(() -> client.chat().create(ChatCompletionRequest.builder().model("chat")
            .addMessage(ChatMessage.user("Hi")).extraBody("temperature", 7).build()))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isPresent();
          assertThat(e.requestId()).isPresent();
        });
    upstream.once("/v1/chat/completions", req -> req.response().setStatusCode(400)
        .putHeader("content-type", "application/json")
        .end("{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens."
            + "\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
            + "\"code\":\"context_length_exceeded\"}}"));
    assertThatThrownBy(() -> client.chat().create(hello("chat")))
        .isInstanceOf(ContextLengthExceededException.class);
  }

  private static void awaitUpstreamCalls(long atLeast) throws InterruptedException {
    for (int i = 0; i < 500 && upstream.calls("/v1/chat/completions") < atLeast; i++) {
      Thread.sleep(10);
    }
  }
}
