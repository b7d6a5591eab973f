package dev.gantry.adapters.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against a {@link FakeHuggingFaceServer}: {@code /info} at warm-up and its uses,
 * TEI batching, cold starts (503s retried within the deadline, or a clean failure past it),
 * streams retried only before their first byte, the keep-warm ping. Deadlines are small so the
 * tests are quick; assertions are on outcomes and on what the fake received, never on timings.
 */
class HuggingFaceAdapterTest {

  private static final Path CHAT_BASIC = GoldenFiles.dir("huggingface", "messages", "chat-basic")
      .resolve("provider-response.json");
  private static final Path STREAM = GoldenFiles.dir("huggingface", "messages",
      "chat-streaming-usage").resolve("provider-response.sse");
  private static final Path TGI_INFO = HuggingFaceContractTest.CONTRACT.resolve("huggingface")
      .resolve("info-tgi.json");
  private static final String LOADING =
      "{\"error\":\"Model meta-llama/Llama-3.1-8B-Instruct is currently loading\","
          + "\"estimated_time\":0.05}";

  private Vertx vertx;
  private FakeHuggingFaceServer fake;
  private HuggingFaceAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    fake = FakeHuggingFaceServer.start(vertx).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (adapter != null) {
      adapter.close().await(10, TimeUnit.SECONDS);
    }
    fake.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private HuggingFaceAdapter adapter(Duration maxColdStartWait, Duration keepWarm) {
    adapter = new HuggingFaceAdapter(vertx, new ProviderSettings.HuggingFace("hf",
        fake.baseUrl(), SecretRef.literal("hf_test"), Map.of(), Duration.ofSeconds(5), 4,
        maxColdStartWait, keepWarm), Map.of());
    return adapter;
  }

  private static Invocation<ChatRequest> chat(Duration timeout) {
    return new Invocation<>(ChatRequest.of("alias", List.of(Message.user("What is deep learning?"))),
        "meta-llama/Llama-3.1-8B-Instruct", Map.of(), "req-1", timeout);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> future) throws Exception {
    Promise<Throwable> cause = Promise.promise();
    future.onComplete(ar -> cause.complete(ar.failed() ? ar.cause() : null));
    return cause.future().await(10, TimeUnit.SECONDS);
  }

  private static Future<List<ChatChunk>> drain(UpstreamStream<ChatChunk> stream) {
    Promise<List<ChatChunk>> done = Promise.promise();
    List<ChatChunk> items = new ArrayList<>();
    stream.exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete(items))
        .handler(items::add);
    stream.resume();
    return done.future();
  }

  @Test
  void warmUp_tgiInfo_isReadAndTheTokenSent() throws Exception {
    fake.route("/info", FakeHuggingFaceServer.json(TGI_INFO));

    await(adapter(null, null).warmUp());

    assertThat(adapter.serverInfo()).contains(
        new ServerInfo("bigscience/blomm-560m", 1024, 2048, 32));
    assertThat(fake.received("/info")).singleElement().satisfies(r ->
        assertThat(r.headers().get("authorization")).isEqualTo("Bearer hf_test"));
  }

  @Test
  void warmUp_serverWithoutInfo_succeedsAndChatStillWorksWithoutAskingAgain() throws Exception {
    fake.route("/v1/chat/completions", FakeHuggingFaceServer.json(CHAT_BASIC));

    await(adapter(null, null).warmUp());
    ChatResponse response = await(adapter.chat(chat(Duration.ofSeconds(5))));

    assertThat(adapter.serverInfo()).isEmpty();
    assertThat(response.choices().get(0).message().text()).startsWith("Deep learning is");
    assertThat(response.usage()).isEqualTo(Usage.of(46, 579));
    assertThat(fake.received("/info")).hasSize(1);
    assertThat(fake.received("/v1/chat/completions")).singleElement().satisfies(r ->
        assertThat(r.headers().get("x-request-id")).isEqualTo("req-1"));
  }

  @Test
  void warmUp_endpointAsleep_succeedsAndInfoIsReadAfterTheFirstAnswer() throws Exception {
    fake.script("/info", FakeHuggingFaceServer.json(503, LOADING))
        .route("/info", FakeHuggingFaceServer.json(TGI_INFO))
        .route("/v1/chat/completions", FakeHuggingFaceServer.json(CHAT_BASIC));

    await(adapter(null, null).warmUp());
    assertThat(adapter.serverInfo()).isEmpty();
    await(adapter.chat(chat(Duration.ofSeconds(5))));

    assertThat(await(poll(() -> adapter.serverInfo().isPresent()))).isTrue();
    assertThat(adapter.serverInfo().orElseThrow().maxTotalTokens()).isEqualTo(2048);
  }

  @Test
  void chat_maxTokensBeyondTheServersTotal_isRefusedWithoutACall() throws Exception {
    fake.route("/info", FakeHuggingFaceServer.json(TGI_INFO));
    await(adapter(null, null).warmUp());
    ChatRequest big = chat(Duration.ofSeconds(5)).request().withParams(
        new GenerationParams(null, null, 4096, null, null, null, null, null, null, null));

    Throwable e = failure(adapter.chat(new Invocation<>(big, "m", Map.of(), "req-2",
        Duration.ofSeconds(5))));

    assertThat(e).isInstanceOfSatisfying(GatewayException.class, g -> {
      assertThat(g.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
      assertThat(g.param()).isEqualTo("max_tokens");
      assertThat(g.getMessage()).contains("2048");
    });
    assertThat(fake.received("/v1/chat/completions")).isEmpty();
  }

  private static final Map<String, String> GENERATE = Map.of("api", "generate",
      "tokenizer_config", "src/test/resources/templates/qwen3-tokenizer_config.json");

  private static Invocation<ChatRequest> generate(Map<String, String> options) {
    return new Invocation<>(ChatRequest.of("alias", List.of(Message.user("test"))),
        "Qwen/Qwen3-8B", options, "req-1", Duration.ofSeconds(5));
  }

  @Test
  void chat_generateApi_rendersTheTemplateAndReadsTheNativeAnswer() throws Exception {
    Path tgi = GoldenFiles.dir("huggingface", "tgi-generate", "chat-length");
    fake.route("/generate", FakeHuggingFaceServer.json(tgi.resolve("provider-response.json")));

    ChatResponse response = await(adapter(null, null).chat(generate(GENERATE)));

    FakeHuggingFaceServer.Received call = fake.received("/generate").get(0);
    assertThat(call.body().get("inputs").asText())
        .isEqualTo("<|im_start|>user\ntest<|im_end|>\n<|im_start|>assistant\n");
    assertThat(call.body().path("parameters").path("details").asBoolean()).isTrue();
    assertThat(call.headers().get("authorization")).isEqualTo("Bearer hf_test");
    assertThat(response.choices().get(0).message().text()).isNotEmpty();
    assertThat(response.choices().get(0).finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(fake.received("/v1/chat/completions")).isEmpty();
  }

  @Test
  void streamChat_generateApi_decodesTheNativeStream() throws Exception {
    fake.route("/generate_stream", fake.sse(GoldenFiles.dir("huggingface", "tgi-generate",
        "chat-streaming").resolve("provider-response.sse")));

    List<ChatChunk> chunks = await(adapter(null, null).streamChat(generate(GENERATE))
        .compose(HuggingFaceAdapterTest::drain));

    assertThat(fake.received("/generate_stream")).hasSize(1);
    assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(ChatChunk.Delta::content)
        .filter(java.util.Objects::nonNull)).containsExactly(".");
    assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(Usage.of(1, 1));
  }

  @Test
  void chat_generateApiWithoutTemplate_isADeploymentErrorNamingTheOption() throws Exception {
    Throwable e = failure(adapter(null, null).chat(generate(Map.of("api", "generate"))));

    assertThat(((GatewayException) e).kind()).isEqualTo(ErrorKind.INTERNAL);
    assertThat(e.getMessage()).contains("tokenizer_config");
    assertThat(fake.received()).isEmpty();
  }

  @Test
  void chat_coldStartTwice503ThenAnswer_succeedsInsideTheDeadline() throws Exception {
    fake.script("/v1/chat/completions", FakeHuggingFaceServer.json(503, LOADING),
            FakeHuggingFaceServer.json(503, LOADING))
        .route("/v1/chat/completions", FakeHuggingFaceServer.json(CHAT_BASIC));

    ChatResponse response = await(adapter(Duration.ofSeconds(1), null)
        .chat(chat(Duration.ofSeconds(5))));

    assertThat(response.choices().get(0).message().text()).startsWith("Deep learning is");
    assertThat(fake.received("/v1/chat/completions")).hasSize(3);
  }

  @Test
  void chat_coldStartWithoutHint_backsOffUpToTheCapAndSucceeds() throws Exception {
    fake.script("/v1/chat/completions", FakeHuggingFaceServer.json(503, "Service Unavailable"),
            FakeHuggingFaceServer.json(503, "Service Unavailable"))
        .route("/v1/chat/completions", FakeHuggingFaceServer.json(CHAT_BASIC));

    ChatResponse response = await(adapter(Duration.ofMillis(20), null)
        .chat(chat(Duration.ofSeconds(5))));

    assertThat(response.choices()).hasSize(1);
    assertThat(fake.received("/v1/chat/completions")).hasSize(3);
  }

  @Test
  void chat_estimatedTimePastTheDeadline_failsCleanlyAndRetryably() throws Exception {
    fake.route("/v1/chat/completions", FakeHuggingFaceServer.json(503,
        "{\"error\":\"Model is currently loading\",\"estimated_time\":30.0}"));

    Throwable e = failure(adapter(Duration.ofMinutes(1), null)
        .chat(chat(Duration.ofMillis(500))));

    assertThat(e).isInstanceOfSatisfying(GatewayException.class, g -> {
      assertThat(g.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
      assertThat(g.retryable()).isTrue();
      assertThat(g.retryAfterSeconds()).isEqualTo(30);
      assertThat(g.getMessage()).contains("still starting");
    });
    assertThat(fake.received("/v1/chat/completions")).hasSize(1);
  }

  @Test
  void chat_endpointNeverWakes_keepsTryingThenFailsCleanlyAtTheDeadline() throws Exception {
    fake.route("/v1/chat/completions", FakeHuggingFaceServer.json(503, "", "retry-after", "0"));

    Throwable e = failure(adapter(Duration.ofMillis(50), null).chat(chat(Duration.ofMillis(400))));

    assertThat(e).isInstanceOfSatisfying(GatewayException.class, g -> {
      assertThat(g.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
      assertThat(g.getMessage()).contains("still starting");
    });
    assertThat(fake.received("/v1/chat/completions")).hasSizeGreaterThan(1);
  }

  @Test
  void chat_otherErrors_areNotRetried() throws Exception {
    fake.route("/v1/chat/completions", FakeHuggingFaceServer.json(422, "{\"error\":\"Input"
        + " validation error: `inputs` tokens + `max_new_tokens` must be <= 2048. Given: 2000"
        + " `inputs` tokens and 100 `max_new_tokens`\",\"error_type\":\"validation\"}"));

    Throwable e = failure(adapter(Duration.ofMillis(10), null).chat(chat(Duration.ofSeconds(5))));

    assertThat(e).isInstanceOfSatisfying(GatewayException.class, g ->
        assertThat(g.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH));
    assertThat(fake.received("/v1/chat/completions")).hasSize(1);
  }

  @Test
  void streamChat_coldStartThenStream_retriesBeforeTheFirstByteOnly() throws Exception {
    fake.script("/v1/chat/completions", FakeHuggingFaceServer.json(503, LOADING))
        .route("/v1/chat/completions", fake.sse(STREAM));
    Invocation<ChatRequest> call = new Invocation<>(chat(Duration.ofSeconds(5)).request()
        .withStream(true, true), "m", Map.of(), "req-3", Duration.ofSeconds(5));

    List<ChatChunk> chunks = await(adapter(Duration.ofSeconds(1), null).streamChat(call)
        .compose(HuggingFaceAdapterTest::drain));

    assertThat(chunks.get(chunks.size() - 1)).isEqualTo(ChatChunk.usage(Usage.of(39, 3)));
    assertThat(fake.received("/v1/chat/completions")).hasSize(2).allSatisfy(r ->
        assertThat(r.body().path("stream_options").path("include_usage").asBoolean()).isTrue());
  }

  @Test
  void streamChat_errorAfterTheFirstByte_reachesTheStreamWithoutRetry() throws Exception {
    fake.route("/v1/chat/completions", fake.sse(Buffer.buffer(
        "data:{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
            + "\"finish_reason\":null}]}\n\ndata:{\"error\":\"Model is overloaded\","
            + "\"error_type\":\"overloaded\"}\n\n")));
    Invocation<ChatRequest> call = new Invocation<>(chat(Duration.ofSeconds(5)).request()
        .withStream(true, true), "m", Map.of(), "req-4", Duration.ofSeconds(5));

    Throwable e = failure(adapter(Duration.ofMillis(10), null).streamChat(call)
        .compose(HuggingFaceAdapterTest::drain));

    assertThat(e).isInstanceOfSatisfying(GatewayException.class, g ->
        assertThat(g.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED));
    assertThat(fake.received("/v1/chat/completions")).hasSize(1);
  }

  @Test
  void embed_moreInputsThanTheBatchLimit_sendsBatchesAndKeepsOrderAndUsage() throws Exception {
    fake.route("/info", FakeHuggingFaceServer.json(200, "{\"model_id\":\"BAAI/bge-small-en-v1.5\","
            + "\"max_input_length\":512,\"max_client_batch_size\":2}"))
        .route("/embed", (request, received) -> {
          StringBuilder body = new StringBuilder("[");
          for (JsonNode input : received.body().path("inputs")) {
            body.append(body.length() > 1 ? "," : "").append("[")
                .append(input.asText().length()).append("]");
          }
          FakeHuggingFaceServer.json(200, body + "]", "x-compute-tokens", "3")
              .respond(request, received);
        });
    EmbeddingRequest texts = EmbeddingRequest.ofTexts("alias", List.of("a", "bb", "ccc", "dddd",
        "eeeee"));

    EmbeddingResponse response = await(adapter(null, null).embed(new Invocation<>(texts,
        "BAAI/bge-small-en-v1.5", Map.of(), "req-5", Duration.ofSeconds(5))));

    assertThat(response.vectors()).extracting(v -> v[0]).containsExactly(1f, 2f, 3f, 4f, 5f);
    assertThat(response.usage()).isEqualTo(Usage.of(9, 0));
    assertThat(fake.received("/embed")).extracting(r -> r.body().path("inputs").size())
        .containsExactlyInAnyOrder(2, 2, 1);
  }

  @Test
  void embed_openAiRoute_postsToV1Embeddings() throws Exception {
    fake.route("/v1/embeddings", FakeHuggingFaceServer.json(200, "{\"object\":\"list\",\"data\":"
        + "[{\"object\":\"embedding\",\"embedding\":[0.5,0.25],\"index\":0}],\"model\":"
        + "\"thenlper/gte-base\",\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}"));

    EmbeddingResponse response = await(adapter(null, null).embed(new Invocation<>(
        EmbeddingRequest.ofTexts("alias", List.of("hello")), "thenlper/gte-base",
        Map.of("api", "openai"), "req-6", Duration.ofSeconds(5))));

    assertThat(response.vectors()).singleElement().satisfies(v ->
        assertThat(v).containsExactly(0.5f, 0.25f));
    assertThat(response.usage()).isEqualTo(Usage.of(4, 0));
    assertThat(fake.received("/info")).isEmpty();
  }

  @Test
  void keepWarm_pingsHealthUntilClosed() throws Exception {
    fake.route("/health", FakeHuggingFaceServer.json(200, ""));

    await(adapter(null, Duration.ofMillis(20)).warmUp());
    assertThat(await(poll(() -> fake.received("/health").size() >= 2))).isTrue();
    await(adapter.close());
    int afterClose = fake.received("/health").size();
    await(delay(200));

    assertThat(fake.received("/health").size()).as("pings after close (one may be in flight)")
        .isLessThanOrEqualTo(afterClose + 1);
    assertThat(fake.received("/health")).allSatisfy(r ->
        assertThat(r.method()).isEqualTo("GET"));
    adapter = null;
  }

  @Test
  void toolCalls_namedZeroByTgi_getDistinctIdsAcrossResponses() throws Exception {
    fake.route("/v1/chat/completions", FakeHuggingFaceServer.json(GoldenFiles.dir("huggingface",
        "messages", "chat-tools").resolve("provider-response.json")));
    adapter(null, null);

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ids.add(await(adapter.chat(chat(Duration.ofSeconds(5)))).choices().get(0).message()
          .toolCalls().get(0).id());
    }

    assertThat(ids).doesNotHaveDuplicates().allSatisfy(id ->
        assertThat(id).matches("call_[A-Za-z0-9]{24}"));
  }

  /** Completes with true once the condition holds (checked every 10 ms, up to 5 s). */
  private Future<Boolean> poll(BooleanSupplier condition) {
    Promise<Boolean> done = Promise.promise();
    long started = System.nanoTime();
    vertx.setPeriodic(10, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete(true);
      } else if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(5)) {
        vertx.cancelTimer(id);
        done.tryComplete(false);
      }
    });
    return done.future();
  }

  private Future<Void> delay(long millis) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(millis, id -> done.complete());
    return done.future();
  }
}
