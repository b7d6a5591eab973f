package dev.gantry.adapters.openaicompat;

import static dev.gantry.adapters.openaicompat.FakeOpenAiServer.events;
import static dev.gantry.adapters.openaicompat.FakeOpenAiServer.json;
import static dev.gantry.adapters.openaicompat.FakeOpenAiServer.sse;
import static dev.gantry.adapters.openaicompat.FakeOpenAiServer.sseHead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The adapter against an in-test OpenAI-compatible server serving recorded bodies. */
@ExtendWith(VertxExtension.class)
class OpenAiCompatAdapterTest {

  private static final String CHAT_BODY = new String(GoldenFiles.bytes(GoldenFiles.dir("openai",
      "chat", "chat-basic").resolve("provider-response.json")), StandardCharsets.UTF_8);
  private static final List<String> TOOL_STREAM = events(GoldenFiles.dir("openai", "chat",
      "chat-streaming-tools").resolve("provider-response.sse"));
  private static final String EMBEDDINGS_BODY = new String(GoldenFiles.bytes(GoldenFiles.dir(
      "openai", "embeddings", "embeddings-base64").resolve("provider-response.json")),
      StandardCharsets.UTF_8);
  private static final ChatRequest CHAT = ChatRequest.of("alias", List.of(Message.user("hello")));

  @Test
  void chat_recordedResponse_returnsCanonicalAndSendsKeyAndRequestId(Vertx vertx,
      VertxTestContext ctx) {
    FakeOpenAiServer.start(vertx, (req, r) -> json(req, 200, CHAT_BODY))
        .compose(fake -> adapter(vertx, fake).chat(call(CHAT)).map(resp -> {
          FakeOpenAiServer.Received sent = fake.received().get(0);
          ctx.verify(() -> {
            assertThat(resp.choices().get(0).message().text())
                .isEqualTo("Hello! How can I assist you today?");
            assertThat(resp.usage()).isEqualTo(Usage.of(8, 9));
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.uri()).isEqualTo("/v1/chat/completions");
            assertThat(sent.headers().get("authorization")).isEqualTo("Bearer sk-test");
            assertThat(sent.headers().get("x-request-id")).isEqualTo("req-1");
            assertThat(sent.body().path("model").asText()).isEqualTo("upstream-model");
            assertThat(sent.body().path("stream").asBoolean()).isFalse();
          });
          return resp;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void streamChat_recordedStream_emitsChunksThenUsageThenEnds(Vertx vertx, VertxTestContext ctx) {
    List<ChatChunk> items = new CopyOnWriteArrayList<>();
    FakeOpenAiServer.start(vertx, (req, r) -> sse(req, TOOL_STREAM, true))
        .compose(fake -> adapter(vertx, fake).streamChat(call(CHAT.withStream(true, true)))
            .map(stream -> {
              ctx.verify(() -> assertThat(fake.received().get(0).headers().get("accept"))
                  .isEqualTo("text/event-stream"));
              return stream;
            }))
        .onComplete(ctx.succeeding(stream -> stream
            .exceptionHandler(ctx::failNow)
            .endHandler(v -> ctx.verify(() -> {
              assertThat(items).hasSize(8);
              assertThat(items.get(6).choices().get(0).finishReason())
                  .isEqualTo(FinishReason.TOOL_CALLS);
              assertThat(items.get(7).usage()).isEqualTo(Usage.of(53, 15));
              ctx.completeNow();
            }))
            .handler(items::add)
            .resume()));
  }

  @Test
  void streamChat_paused_deliversNothingUntilResumed(Vertx vertx, VertxTestContext ctx) {
    List<ChatChunk> items = new CopyOnWriteArrayList<>();
    Promise<Void> clientPaused = Promise.promise();
    Promise<Void> restSent = Promise.promise();
    FakeOpenAiServer.start(vertx, (req, r) -> {
      HttpServerResponse resp = sseHead(req);
      resp.write(TOOL_STREAM.get(0));
      clientPaused.future()
          .compose(v -> resp.write(String.join("", TOOL_STREAM.subList(1, TOOL_STREAM.size()))))
          .compose(v -> resp.end())
          .onComplete(restSent);
    })
        .compose(fake -> adapter(vertx, fake).streamChat(call(CHAT.withStream(true, false))))
        .onComplete(ctx.succeeding(stream -> {
          stream.exceptionHandler(ctx::failNow);
          stream.endHandler(v -> ctx.verify(() -> {
            assertThat(items).hasSize(8);
            ctx.completeNow();
          }));
          stream.handler(item -> {
            items.add(item);
            if (items.size() == 1) {
              stream.pause();
              clientPaused.complete();
            }
          });
          stream.resume();
          restSent.future().onComplete(ctx.succeeding(v -> vertx.setTimer(300, id -> {
            ctx.verify(() -> assertThat(items).hasSize(1));
            stream.resume();
          })));
        }));
  }

  @Test
  void streamChat_cancel_closesUpstreamConnection(Vertx vertx, VertxTestContext ctx) {
    List<ChatChunk> items = new CopyOnWriteArrayList<>();
    List<String> ended = new CopyOnWriteArrayList<>();
    FakeOpenAiServer.start(vertx, (req, r) -> {
      HttpServerResponse resp = sseHead(req);
      resp.closeHandler(v -> ctx.verify(() -> {
        assertThat(items).hasSize(1);
        assertThat(ended).isEmpty();
        ctx.completeNow();
      }));
      resp.write(TOOL_STREAM.get(0));
    })
        .compose(fake -> adapter(vertx, fake).streamChat(call(CHAT.withStream(true, false))))
        .onComplete(ctx.succeeding(stream -> stream
            .endHandler(v -> ended.add("end"))
            .exceptionHandler(t -> ended.add("error"))
            .handler(item -> {
              items.add(item);
              stream.cancel();
            })
            .resume()));
  }

  @Test
  void streamChat_errorEventMidStream_failsStreamWithMappedError(Vertx vertx,
      VertxTestContext ctx) {
    List<ChatChunk> items = new CopyOnWriteArrayList<>();
    List<String> body = List.of(TOOL_STREAM.get(0), "data: {\"error\":{\"message\":\"CUDA error: "
        + "an illegal memory access was encountered\",\"type\":\"InternalServerError\","
        + "\"param\":null,\"code\":500}}\n\n", "data: [DONE]\n\n");
    FakeOpenAiServer.start(vertx, (req, r) -> sse(req, body, false))
        .compose(fake -> adapter(vertx, fake).streamChat(call(CHAT.withStream(true, false))))
        .onComplete(ctx.succeeding(stream -> stream
            .endHandler(v -> ctx.failNow("the stream must not end normally"))
            .exceptionHandler(t -> ctx.verify(() -> {
              assertThat(items).hasSize(1);
              assertThat(t).isInstanceOf(GatewayException.class);
              assertThat(((GatewayException) t).kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(t.getMessage()).startsWith("CUDA error");
              ctx.completeNow();
            }))
            .handler(items::add)
            .resume()));
  }

  @Test
  void streamChat_statusErrorBeforeStream_failsWithContextLength(Vertx vertx,
      VertxTestContext ctx) {
    String tgi = "{\"error\":\"Input validation error: `inputs` tokens + `max_new_tokens` must be "
        + "<= 1512. Given: 2 `inputs` tokens and 10000 `max_new_tokens`\",\"error_type\":"
        + "\"validation\"}";
    FakeOpenAiServer.start(vertx, (req, r) -> json(req, 422, tgi))
        .compose(fake -> adapter(vertx, fake).streamChat(call(CHAT.withStream(true, false))))
        .onComplete(expectError(ctx, ErrorKind.CONTEXT_LENGTH, "Input validation error"));
  }

  @Test
  void embed_recordedBase64_returnsVectorsInOrder(Vertx vertx, VertxTestContext ctx) {
    FakeOpenAiServer.start(vertx, (req, r) -> json(req, 200, EMBEDDINGS_BODY))
        .compose(fake -> adapter(vertx, fake)
            .embed(call(EmbeddingRequest.ofTexts("alias", List.of("hello", "world"))))
            .map(resp -> {
              ctx.verify(() -> {
                assertThat(resp.vectors()).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(1536));
                assertThat(resp.usage()).isEqualTo(Usage.of(2, 0));
                assertThat(fake.received().get(0).uri()).isEqualTo("/v1/embeddings");
                assertThat(fake.received().get(0).body().path("encoding_format").asText())
                    .isEqualTo("float");
              });
              return resp;
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void embed_fewerVectorsThanInputs_failsAsUpstreamError(Vertx vertx, VertxTestContext ctx) {
    FakeOpenAiServer.start(vertx, (req, r) -> json(req, 200, EMBEDDINGS_BODY))
        .compose(fake -> adapter(vertx, fake)
            .embed(call(EmbeddingRequest.ofTexts("alias", List.of("a", "b", "c")))))
        .onComplete(expectError(ctx, ErrorKind.UPSTREAM_ERROR, "could not read"));
  }

  @Test
  void complete_recordedTgiCompletion_returnsText(Vertx vertx, VertxTestContext ctx) {
    String tgi = "{\"choices\":[{\"finish_reason\":\"length\",\"index\":0,\"logprobs\":null,"
        + "\"text\":\" A Beginner’s Guide\\nDeep learning is a subset\"}],\"created\":1741264812,"
        + "\"id\":\"\",\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"object\":\"text_completion\","
        + "\"system_fingerprint\":\"3.1.2-dev0-native\",\"usage\":{\"completion_tokens\":10,"
        + "\"prompt_tokens\":6,\"total_tokens\":16}}";
    CompletionRequest request = new CompletionRequest("alias", TextNode.valueOf("What is Deep "
        + "Learning?"), null, false, false, null, null);
    FakeOpenAiServer.start(vertx, (req, r) -> json(req, 200, tgi))
        .compose(fake -> adapter(vertx, fake).complete(call(request)).map(resp -> {
          ctx.verify(() -> {
            assertThat(resp.choices().get(0).text()).startsWith(" A Beginner’s Guide");
            assertThat(resp.usage()).isEqualTo(Usage.of(6, 10));
            assertThat(fake.received().get(0).uri()).isEqualTo("/v1/completions");
          });
          return resp;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void streamComplete_streamWithoutUsage_endsWithoutUsage(Vertx vertx, VertxTestContext ctx) {
    List<CompletionResponse> items = new CopyOnWriteArrayList<>();
    List<String> body = List.of(
        "data: {\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"Deep\"}]}\n\n",
        "data: {\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\" nets\","
            + "\"finish_reason\":\"length\"}]}\n\n",
        "data: [DONE]\n\n");
    CompletionRequest request = new CompletionRequest("alias", TextNode.valueOf("p"), null, true,
        true, null, null);
    FakeOpenAiServer.start(vertx, (req, r) -> sse(req, body, true))
        .compose(fake -> adapter(vertx, fake).streamComplete(call(request)))
        .onComplete(ctx.succeeding(stream -> stream
            .exceptionHandler(ctx::failNow)
            .endHandler(v -> ctx.verify(() -> {
              assertThat(items).as("the gateway counts the usage the server did not report")
                  .hasSize(2).extracting(CompletionResponse::usage).containsOnlyNulls();
              ctx.completeNow();
            }))
            .handler(items::add)
            .resume()));
  }

  @Test
  void generateImages_documentedExample_returnsImages(Vertx vertx, VertxTestContext ctx) {
    String body = "{\"created\":1713833628,\"data\":[{\"b64_json\":\"iVBORw0KGgo=\"}],"
        + "\"usage\":{\"total_tokens\":100,\"input_tokens\":50,\"output_tokens\":50}}";
    ImageRequest request = new ImageRequest("alias", "A cute baby sea otter", 1, "1024x1024",
        null, null, null, null, null);
    FakeOpenAiServer.start(vertx, (req, r) -> json(req, 200, body))
        .compose(fake -> adapter(vertx, fake).generateImages(call(request)).map(resp -> {
          ctx.verify(() -> {
            assertThat(resp.images()).singleElement()
                .satisfies(i -> assertThat(i.b64()).isEqualTo("iVBORw0KGgo="));
            assertThat(fake.received().get(0).uri()).isEqualTo("/v1/images/generations");
          });
          return resp;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void chat_vllm400_isInvalidRequestWithProviderMessage(Vertx vertx, VertxTestContext ctx) {
    String vllm = "{\"object\":\"error\",\"message\":\"max_tokens must be at least 1, got -186.\","
        + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}";
    FakeOpenAiServer.start(vertx, (req, r) -> json(req, 400, vllm))
        .compose(fake -> adapter(vertx, fake).chat(call(CHAT)))
        .onComplete(expectError(ctx, ErrorKind.INVALID_REQUEST,
            "max_tokens must be at least 1, got -186."));
  }

  @Test
  void chat_429WithRetryAfter_isUpstreamRateLimitedWithDelay(Vertx vertx, VertxTestContext ctx) {
    String body = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
        + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
    FakeOpenAiServer.start(vertx, (req, r) -> req.response().setStatusCode(429)
            .putHeader("retry-after", "7").putHeader("content-type", "application/json").end(body))
        .compose(fake -> adapter(vertx, fake).chat(call(CHAT)))
        .onComplete(ctx.failing(t -> ctx.verify(() -> {
          GatewayException e = (GatewayException) t;
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
          assertThat(e.retryAfterSeconds()).isEqualTo(7);
          assertThat(e.getMessage()).isEqualTo("Rate limit reached");
          ctx.completeNow();
        })));
  }

  @Test
  void chat_503WhileLoading_isUpstreamUnavailable(Vertx vertx, VertxTestContext ctx) {
    String llamaCpp = "{\"error\":{\"code\":503,\"message\":\"Loading model\","
        + "\"type\":\"unavailable_error\"}}";
    FakeOpenAiServer.start(vertx, (req, r) -> json(req, 503, llamaCpp))
        .compose(fake -> adapter(vertx, fake).chat(call(CHAT)))
        .onComplete(expectError(ctx, ErrorKind.UPSTREAM_UNAVAILABLE, "Loading model"));
  }

  @Test
  void chat_htmlWithStatus200_isUpstreamError(Vertx vertx, VertxTestContext ctx) {
    FakeOpenAiServer.start(vertx, (req, r) -> req.response().putHeader("content-type",
            "text/html").end("<html><body>maintenance</body></html>"))
        .compose(fake -> adapter(vertx, fake).chat(call(CHAT)))
        .onComplete(expectError(ctx, ErrorKind.UPSTREAM_ERROR, "could not read"));
  }

  @Test
  void chat_connectionRefused_isUpstreamUnavailable(Vertx vertx, VertxTestContext ctx) {
    vertx.createHttpServer().requestHandler(req -> req.response().end()).listen(0)
        .compose(server -> server.close().map(server.actualPort()))
        .compose(port -> new OpenAiCompatAdapter(vertx, settings("http://localhost:" + port
            + "/v1"), Map.of("UPSTREAM_KEY", "sk-test")).chat(call(CHAT)))
        .onComplete(expectError(ctx, ErrorKind.UPSTREAM_UNAVAILABLE, "unreachable"));
  }

  @Test
  void chat_serverNeverAnswers_isUpstreamTimeout(Vertx vertx, VertxTestContext ctx) {
    FakeOpenAiServer.start(vertx, (req, r) -> { })
        .compose(fake -> adapter(vertx, fake).chat(new Invocation<>(CHAT, "upstream-model",
            "req-1", Duration.ofMillis(200))))
        .onComplete(expectError(ctx, ErrorKind.UPSTREAM_TIMEOUT, "timed out"));
  }

  @Test
  void constructor_missingKeyVariable_failsNamingIt(Vertx vertx) {
    assertThatThrownBy(() -> new OpenAiCompatAdapter(vertx, settings("http://localhost:1/v1"),
        Map.of())).isInstanceOf(IllegalStateException.class).hasMessageContaining("UPSTREAM_KEY");
  }

  @Test
  void capabilities_coverEveryOpenAiApi(Vertx vertx) {
    assertThat(new OpenAiCompatAdapter(vertx, settings("http://localhost:1/v1"),
        Map.of("UPSTREAM_KEY", "k")).capabilities()).containsExactlyInAnyOrder(Capability.values());
  }

  private static OpenAiCompatAdapter adapter(Vertx vertx, FakeOpenAiServer fake) {
    return new OpenAiCompatAdapter(vertx, settings(fake.baseUrl()),
        Map.of("UPSTREAM_KEY", "sk-test"));
  }

  private static ProviderSettings.OpenAi settings(String baseUrl) {
    return new ProviderSettings.OpenAi("fake", baseUrl, SecretRef.parse("env:UPSTREAM_KEY"), null,
        null, null, null, 4);
  }

  private static <R> Invocation<R> call(R request) {
    return new Invocation<>(request, "upstream-model", "req-1", Duration.ofSeconds(5));
  }

  private static <T> Handler<AsyncResult<T>> expectError(
      VertxTestContext ctx, ErrorKind kind, String message) {
    return ctx.failing(t -> ctx.verify(() -> {
      assertThat(t).isInstanceOf(GatewayException.class);
      assertThat(((GatewayException) t).kind()).isEqualTo(kind);
      assertThat(t.getMessage()).contains(message);
      ctx.completeNow();
    }));
  }
}
