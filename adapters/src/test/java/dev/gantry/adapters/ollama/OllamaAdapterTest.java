package dev.gantry.adapters.ollama;

import static dev.gantry.adapters.ollama.FakeOllamaServer.json;
import static dev.gantry.adapters.ollama.FakeOllamaServer.ndjson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The adapter against a {@link FakeOllamaServer} answering with the goldens' api.md examples, and
 * {@code {"error":...}} bodies for failures.
 */
@ExtendWith(VertxExtension.class)
class OllamaAdapterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private FakeOllamaServer ollama;
  private List<FakeOllamaServer.Received> received;
  private OllamaAdapter adapter;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    FakeOllamaServer.start(vertx).onComplete(ctx.succeeding(fake -> {
      ollama = fake;
      received = fake.received();
      adapter = new OllamaAdapter(vertx, settings(fake.port()));
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    adapter.close().compose(v -> ollama.close()).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void capabilities_nativeApi_chatStreamToolsVisionSchemaEmbeddings() {
    assertThat(adapter.capabilities()).containsExactlyInAnyOrder(Capability.CHAT,
        Capability.CHAT_STREAM, Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA,
        Capability.EMBEDDINGS);
  }

  @Test
  void chat_nonStream_postsStreamFalseAndReadsAnswer(VertxTestContext ctx) {
    ollama.answer(json(200, golden("chat", "chat-basic", "provider-response.json")));

    adapter.chat(call(ChatRequest.of("local-chat", List.of(Message.user("why is the sky blue?")))))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.choices().get(0).message().text())
              .isEqualTo("Hello! How are you today?");
          assertThat(response.choices().get(0).finishReason()).isEqualTo(FinishReason.STOP);
          assertThat(response.usage()).isEqualTo(Usage.of(26, 298));
          FakeOllamaServer.Received request = received.get(0);
          assertThat(request.path()).isEqualTo("/api/chat");
          assertThat(request.contentType()).isEqualTo("application/json");
          assertThat(request.body().path("model").asText()).isEqualTo("llama3.2");
          assertThat(request.body().path("stream").asBoolean(true)).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void chat_toolCall_returnsCallWithGeneratedId(VertxTestContext ctx) {
    ollama.answer(json(200, golden("chat", "chat-tools", "provider-response.json")));

    adapter.chat(call(ChatRequest.of("local-chat", List.of(Message.user("Weather in Paris?")))))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          ChatResponse.Choice choice = response.choices().get(0);
          assertThat(choice.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
          ToolCall toolCall = choice.message().toolCalls().get(0);
          assertThat(toolCall.id()).matches("call_[A-Za-z0-9]{24}");
          assertThat(toolCall.name()).isEqualTo("get_current_weather");
          assertThat(toolCall.arguments())
              .isEqualTo("{\"format\":\"celsius\",\"location\":\"Paris, FR\"}");
          ctx.completeNow();
        })));
  }

  @Test
  void streamChat_ndjsonServedInPieces_emitsGoldenChunksThenEnds(Vertx vertx,
      VertxTestContext ctx) {
    ollama.answer(ndjson(vertx, golden("chat", "chat-streaming", "provider-response.ndjson")));
    ChatRequest request = Goldens.chatRequest("chat-streaming");

    adapter.streamChat(call(request))
        .compose(OllamaAdapterTest::collect)
        .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
          assertThat(outcome.error()).isNull();
          assertThat(Goldens.stream(outcome.chunks(), null, request.includeUsage())).isEqualTo(
              Goldens.json(Goldens.file("chat", "chat-streaming", "openai-response.json")));
          assertThat(received.get(0).body().path("stream").asBoolean()).isTrue();
          ctx.completeNow();
        })));
  }

  @Test
  void streamChat_toolCallLine_emitsIndexedStartWithArguments(Vertx vertx, VertxTestContext ctx) {
    ollama.answer(
        ndjson(vertx, golden("chat", "chat-streaming-tools", "provider-response.ndjson")));

    adapter.streamChat(call(ChatRequest.of("local-chat", List.of(Message.user("Tokyo?")))))
        .compose(OllamaAdapterTest::collect)
        .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
          assertThat(outcome.error()).isNull();
          ChatChunk.Delta first = outcome.chunks().get(0).choices().get(0);
          assertThat(first.role()).isEqualTo(Role.ASSISTANT);
          assertThat(first.toolCalls()).hasSize(1);
          assertThat(first.toolCalls().get(0).index()).isZero();
          assertThat(first.toolCalls().get(0).id()).startsWith("call_");
          assertThat(first.toolCalls().get(0).arguments()).isEqualTo("{\"city\":\"Tokyo\"}");
          assertThat(outcome.chunks().get(1).choices().get(0).finishReason())
              .isEqualTo(FinishReason.TOOL_CALLS);
          assertThat(outcome.chunks().get(2).usage()).isEqualTo(Usage.of(169, 15));
          ctx.completeNow();
        })));
  }

  @Test
  void streamChat_errorLineAfter200_deliversChunksThenUpstreamError(Vertx vertx,
      VertxTestContext ctx) {
    ollama.answer(ndjson(vertx, golden("chat", "chat-stream-error", "provider-response.ndjson")));

    adapter.streamChat(call(ChatRequest.of("local-chat", List.of(Message.user("why?")))))
        .compose(OllamaAdapterTest::collect)
        .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
          assertThat(outcome.chunks()).hasSize(1);
          assertThat(outcome.chunks().get(0).choices().get(0).content()).isEqualTo("The");
          assertThat(outcome.error()).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
            assertThat(e.getMessage()).isEqualTo("The Ollama server failed mid-stream: "
                + "an error was encountered while running the model");
          });
          ctx.completeNow();
        })));
  }

  @Test
  void streamChat_bodyEndsBeforeDone_failsEndedEarly(Vertx vertx, VertxTestContext ctx) {
    ollama.answer(ndjson(vertx, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"The\"},\"done\":false}\n"));

    adapter.streamChat(call(ChatRequest.of("local-chat", List.of(Message.user("why?")))))
        .compose(OllamaAdapterTest::collect)
        .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
          assertThat(outcome.chunks()).hasSize(1);
          assertThat(outcome.error()).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
            assertThat(e.getMessage()).contains("ended early");
          });
          ctx.completeNow();
        })));
  }

  @Test
  void embed_texts_returnsVectorsAndPromptTokens(VertxTestContext ctx) {
    ollama.answer(json(200, golden("embed", "embed-basic", "provider-response.json")));

    adapter.embed(new Invocation<>(EmbeddingRequest.ofTexts("local-embed",
            List.of("Why is the sky blue?")), "all-minilm", "req-1", TIMEOUT))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.vectors()).hasSize(1);
          assertThat(response.vectors().get(0)).hasSize(10);
          assertThat(response.vectors().get(0)[0]).isEqualTo(0.010071029f);
          assertThat(response.usage()).isEqualTo(Usage.of(8, 0));
          assertThat(received.get(0).path()).isEqualTo("/api/embed");
          assertThat(received.get(0).body().path("input").get(0).asText())
              .isEqualTo("Why is the sky blue?");
          ctx.completeNow();
        })));
  }

  @Test
  void chat_modelNotPulled_failsUpstreamErrorNamingTheModel(VertxTestContext ctx) {
    ollama.answer(json(404, "{\"error\":\"model 'llama3.2' not found\"}"));

    adapter.chat(call(ChatRequest.of("local-chat", List.of(Message.user("Hi")))))
        .onComplete(ctx.failing(error -> ctx.verify(() -> {
          assertNotPulled(error);
          ctx.completeNow();
        })));
  }

  @Test
  void streamChat_modelNotPulled_failsBeforeTheStream(VertxTestContext ctx) {
    ollama.answer(json(404, "{\"error\":\"model 'llama3.2' not found\"}"));

    adapter.streamChat(call(ChatRequest.of("local-chat", List.of(Message.user("Hi")))))
        .onComplete(ctx.failing(error -> ctx.verify(() -> {
          assertNotPulled(error);
          ctx.completeNow();
        })));
  }

  @Test
  void chat_connectionRefused_failsUpstreamUnavailable(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    OllamaAdapter refused = new OllamaAdapter(vertx, settings(freePort()));

    refused.chat(call(ChatRequest.of("local-chat", List.of(Message.user("Hi")))))
        .onComplete(ctx.failing(error -> ctx.verify(() -> {
          assertThat(error).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("The upstream model server is unreachable.");
          });
          refused.close().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void chat_remoteImageUrlToAPrivateAddress_isRefusedWithoutCallingOllama(VertxTestContext ctx) {
    ollama.answer(json(200, golden("chat", "chat-basic", "provider-response.json")));
    Message user = new Message(Role.USER,
        List.of(ContentPart.image(new ImageSource.Url("https://127.0.0.1/pig.png"))), List.of(),
        null, null);

    adapter.chat(call(ChatRequest.of("local-vision", List.of(user))))
        .onComplete(ctx.failing(error -> ctx.verify(() -> {
          assertThat(error).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.param()).isEqualTo("messages[0].content[0].image_url");
          });
          assertThat(received).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void listModels_tags_returnsPulledModelNames(VertxTestContext ctx) {
    ollama.answer(json(200, golden("tags", "tags-basic", "provider-response.json")));

    adapter.listModels().onComplete(ctx.succeeding(names -> ctx.verify(() -> {
      assertThat(names).containsExactly("deepseek-r1:latest", "llama3.2:latest");
      assertThat(received.get(0).method()).isEqualTo("GET");
      assertThat(received.get(0).path()).isEqualTo("/api/tags");
      ctx.completeNow();
    })));
  }

  @Test
  void listModels_serverError_failsUpstreamErrorWithOllamaMessage(VertxTestContext ctx) {
    ollama.answer(
        json(500, "{\"error\":\"open /root/.ollama/models/manifests: permission denied\"}"));

    adapter.listModels().onComplete(ctx.failing(error -> ctx.verify(() -> {
      assertThat(error).isInstanceOfSatisfying(GatewayException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
        assertThat(e.getMessage())
            .isEqualTo("Ollama: open /root/.ollama/models/manifests: permission denied");
      });
      ctx.completeNow();
    })));
  }

  private static void assertNotPulled(Throwable error) {
    assertThat(error).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
      assertThat(e.getMessage()).isEqualTo("The deployment's model `llama3.2` is not pulled on "
          + "its Ollama server (run `ollama pull llama3.2` there).");
    });
  }

  /** Reads a whole stream: its chunks, and the failure that ended it, if any. */
  private static Future<Outcome> collect(UpstreamStream<ChatChunk> stream) {
    Promise<Outcome> done = Promise.promise();
    List<ChatChunk> chunks = new ArrayList<>();
    stream.handler(chunks::add)
        .exceptionHandler(error -> done.tryComplete(new Outcome(chunks, error)))
        .endHandler(v -> done.tryComplete(new Outcome(chunks, null)));
    stream.resume();
    return done.future();
  }

  /**
   * A local port nothing listens on. (A second Vert.x server on port 0 would share the fake's
   * port within the same Vert.x instance, so a plain socket picks it.)
   */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Invocation<ChatRequest> call(ChatRequest request) {
    return new Invocation<>(request, "llama3.2", "req-1", TIMEOUT);
  }

  private static ProviderSettings.Ollama settings(int port) {
    return new ProviderSettings.Ollama("ollama", "http://127.0.0.1:" + port, null, TIMEOUT, 4);
  }

  private static String golden(String api, String name, String file) {
    return Goldens.text(Goldens.file(api, name, file));
  }

  /** What a stream delivered. */
  private record Outcome(List<ChatChunk> chunks, Throwable error) {}
}
