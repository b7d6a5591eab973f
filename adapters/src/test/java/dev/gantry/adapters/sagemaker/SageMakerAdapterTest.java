package dev.gantry.adapters.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The adapter against a {@link FakeSageMaker} (which verifies SigV4 under {@code sagemaker}):
 * {@code api: generate} deployments of a TGI container, which the contract does not cover, the
 * deployment's options, and SageMaker's errors as the adapter sees them.
 */
@ExtendWith(VertxExtension.class)
class SageMakerAdapterTest {

  static final String QWEN3 = Path.of("src", "test", "resources", "templates",
      "qwen3-tokenizer_config.json").toString();
  private static final Path LENGTH = GoldenFiles.dir("huggingface", "tgi-generate", "chat-length");
  private static final Map<String, String> GENERATE = Map.of("tokenizer_config", QWEN3);
  private static final String TGI_PATH = "/endpoints/" + FakeSageMaker.TGI_ENDPOINT;

  private Vertx vertx;
  private FakeSageMaker fake;
  private SageMakerAdapter adapter;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    new FakeSageMaker(vertx).start().onComplete(ctx.succeeding(started -> {
      fake = started;
      adapter = SageMakerContractTest.adapter(vertx, started, FakeSageMaker.SECRET_ACCESS_KEY);
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    adapter.close().compose(v -> fake.close()).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void chat_generate_sendsTheRenderedTgiBodyAndReadsTheAnswer(VertxTestContext ctx) {
    onLoop(() -> adapter.chat(call(golden(), FakeSageMaker.TGI_ENDPOINT, GENERATE)))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.choices().get(0).message().text())
              .isEqualTo(" for /api/v1/projects/1");
          assertThat(response.choices().get(0).finishReason()).isEqualTo(FinishReason.LENGTH);
          assertThat(response.usage()).as("TGI sent no prompt size: the gateway counts").isNull();
          FakeSageMaker.Received sent = fake.last();
          assertThat(sent.rawPath()).isEqualTo(TGI_PATH + "/invocations");
          ObjectNode expected = (ObjectNode) GoldenFiles.json(LENGTH.resolve("provider-request.json"));
          assertThat(json(sent.body())).isEqualTo(expected.put("stream", false));
          assertThat(sent.headers()).containsEntry("accept", "application/json")
              .containsEntry("x-amzn-sagemaker-inference-id", "req-sm-1")
              .doesNotContainKey("x-amzn-sagemaker-inference-component");
          assertThat(fake.problems()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void streamChat_generate_decodesTgiSseFromPayloadParts(VertxTestContext ctx) {
    onLoop(() -> adapter.streamChat(call(golden().withStream(true, true),
        FakeSageMaker.TGI_ENDPOINT, GENERATE))).compose(SageMakerAdapterTest::all)
        .onComplete(ctx.succeeding(chunks -> ctx.verify(() -> {
          assertThat(text(chunks)).isEqualTo(" for /api/v1/projects/1");
          assertThat(chunks.get(chunks.size() - 1))
              .isEqualTo(ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.LENGTH)));
          assertThat(chunks).as("no usage from the container").allSatisfy(c ->
              assertThat(c.usage()).isNull());
          FakeSageMaker.Received sent = fake.last();
          assertThat(sent.rawPath()).isEqualTo(TGI_PATH + "/invocations-response-stream");
          assertThat(sent.body().getBoolean("stream")).isTrue();
          assertThat(sent.headers()).containsEntry("x-amzn-sagemaker-accept", "text/event-stream");
          assertThat(fake.problems()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void chat_generateWithTools_failsUnsupportedWithoutACall(VertxTestContext ctx) {
    ChatRequest tools = OpenAiChat.readRequest(Json.parseUpstream(Buffer.buffer("{\"model\":\"m\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}],\"tools\":[{\"type\":"
        + "\"function\",\"function\":{\"name\":\"weather\",\"parameters\":{\"type\":\"object\"}}}]}")));

    expectFailure(ctx, adapter.chat(call(tools, FakeSageMaker.TGI_ENDPOINT, GENERATE)),
        ErrorKind.UNSUPPORTED, "tool calling", () -> assertThat(fake.received()).isEmpty());
  }

  @Test
  void chat_generateWithoutTokenizerConfig_failsAsAMisconfiguredDeployment(VertxTestContext ctx) {
    expectFailure(ctx, adapter.chat(call(golden(), FakeSageMaker.TGI_ENDPOINT, Map.of())),
        ErrorKind.INTERNAL, "tokenizer_config", () -> assertThat(fake.received()).isEmpty());
  }

  @Test
  void chat_wrongSecret_failsUpstreamNamingNeitherSecretNorAwsText(VertxTestContext ctx) {
    SageMakerAdapter wrong = SageMakerContractTest.adapter(vertx, fake, "not-the-secret");

    expectFailure(ctx, wrong.chat(call(golden(), FakeSageMaker.TGI_ENDPOINT, GENERATE))
            .eventually(wrong::close), ErrorKind.UPSTREAM_ERROR,
        "rejected the gateway's credentials or permissions for this deployment "
            + "(InvalidSignatureException)", () -> assertThat(fake.problems()).isNotEmpty()
            .allSatisfy(p -> assertThat(p).startsWith("POST " + TGI_PATH + "/invocations: ")));
  }

  @Test
  void chat_endpointNameNeedingEncoding_isSentAsOneSignedSegment(VertxTestContext ctx) {
    expectFailure(ctx, adapter.chat(call(golden(), "team a/qwen:3", GENERATE)),
        ErrorKind.UPSTREAM_ERROR, "check the deployment's model and options", () -> {
          assertThat(fake.problems()).as("the fake verified the double-encoded signature")
              .isEmpty();
        });
  }

  @Test
  void chat_unknownEndpoint_failsUpstreamWithoutTheAccount(VertxTestContext ctx) {
    expectFailure(ctx, adapter.chat(call(golden(), "qwen3-gone", GENERATE)),
        ErrorKind.UPSTREAM_ERROR, "Endpoint qwen3-gone of account <account> not found",
        () -> assertThat(fake.problems()).isEmpty());
  }

  @Test
  void chat_containerRefusesTheLength_failsContextLength(VertxTestContext ctx) {
    fake.override(TGI_PATH + "/invocations", req -> FakeSageMaker.modelError(req, 422,
        "{\"error\":\"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096."
            + " Given: 4000 `inputs` tokens and 200 `max_new_tokens`\",\"error_type\":\"validation\"}"));

    expectFailure(ctx, adapter.chat(call(golden(), FakeSageMaker.TGI_ENDPOINT, GENERATE)),
        ErrorKind.CONTEXT_LENGTH, "must be <= 4096", () -> { });
  }

  @Test
  void streamChat_modelStreamErrorAfterText_deliversTheTextThenFailsTimeout(VertxTestContext ctx) {
    String sse = FakeSageMaker.resource("/sagemaker/tgi-stream.sse").toString();
    int threeEvents = sse.indexOf("\n\n", sse.indexOf("\n\n", sse.indexOf("\n\n") + 2) + 2) + 2;
    Buffer body = FakeSageMaker.payloadParts(Buffer.buffer(sse.substring(0, threeEvents + 20)))
        .appendBuffer(FakeSageMaker.exception("ModelStreamError", new JsonObject()
            .put("Message", "Your model did not finish sending its response in time. See "
                + "https://us-east-1.console.aws.amazon.com/cloudwatch in account 123456789012")
            .put("ErrorCode", "ModelInvocationTimeExceeded")));
    fake.override(TGI_PATH + "/invocations-response-stream",
        req -> fake.writeAwkwardly(req.response(), FakeSageMaker.EVENT_STREAM, body));
    List<ChatChunk> delivered = new ArrayList<>();

    onLoop(() -> adapter.streamChat(call(golden().withStream(true, true),
        FakeSageMaker.TGI_ENDPOINT, GENERATE)))
        .compose(stream -> collect(stream, delivered))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(text(delivered)).as("the 4th event was cut short").isEqualTo(" for /api");
          assertThat(e).isInstanceOfSatisfying(GatewayException.class, g -> {
            assertThat(g.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
            assertThat(g.getMessage()).contains("ModelInvocationTimeExceeded")
                .doesNotContain("123456789012").doesNotContain("https://");
          });
          ctx.completeNow();
        })));
  }

  @Test
  void warmUp_fixedCredentials_completes(VertxTestContext ctx) {
    adapter.warmUp().onComplete(ctx.succeedingThenComplete());
  }

  private static ChatRequest golden() {
    return OpenAiChat.readRequest(GoldenFiles.json(LENGTH.resolve("openai-request.json")));
  }

  private static Invocation<ChatRequest> call(ChatRequest request, String endpoint,
      Map<String, String> options) {
    return new Invocation<>(request, endpoint, options, "req-sm-1", Duration.ofSeconds(10));
  }

  /** Calls the adapter on an event loop, as the gateway does. */
  private <T> Future<T> onLoop(Supplier<Future<T>> call) {
    Promise<T> promise = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> call.get().onComplete(promise));
    return promise.future();
  }

  private static <T> void expectFailure(VertxTestContext ctx, Future<T> call, ErrorKind kind,
      String message, Runnable more) {
    call.onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOfSatisfying(GatewayException.class, g -> {
        assertThat(g.kind()).isEqualTo(kind);
        assertThat(g.getMessage()).contains(message)
            .doesNotContain(FakeSageMaker.SECRET_ACCESS_KEY).doesNotContain("signature we calculated");
      });
      more.run();
      ctx.completeNow();
    })));
  }

  static Future<List<ChatChunk>> all(UpstreamStream<ChatChunk> stream) {
    return collect(stream, new ArrayList<>());
  }

  private static Future<List<ChatChunk>> collect(UpstreamStream<ChatChunk> stream,
      List<ChatChunk> items) {
    Promise<List<ChatChunk>> done = Promise.promise();
    stream.exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete(items))
        .handler(items::add);
    stream.resume();
    return done.future();
  }

  static String text(List<ChatChunk> chunks) {
    StringBuilder out = new StringBuilder();
    chunks.forEach(c -> c.choices().forEach(d -> out.append(d.content() == null ? ""
        : d.content())));
    return out.toString();
  }

  private static JsonNode json(JsonObject body) {
    return Json.parseUpstream(body.toBuffer());
  }
}
