package dev.gantry.adapters.triton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The adapter over HTTP against a {@link FakeTriton}: what the unit tests cannot show. */
@ExtendWith(VertxExtension.class)
class TritonAdapterTest {

  private static final ChatRequest HI = ChatRequest.of("alias", List.of(Message.user("Hi")));
  private static final Map<String, String> VLLM = Map.of("tokenizer_config",
      TritonContractTest.QWEN3, "backend", "vllm", "default_max_tokens", "8");

  private FakeTriton fake;
  private TritonAdapter adapter;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    new FakeTriton(vertx).start().onComplete(ctx.succeeding(started -> {
      fake = started;
      adapter = new TritonAdapter(vertx, new ProviderSettings.Triton("t", started.baseUrl(),
          SecretRef.parse("env:TRITON_TOKEN"), Map.of("X-Team", "a"), Duration.ofSeconds(5), 4),
          Map.of("TRITON_TOKEN", FakeTriton.KEY));
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    adapter.close().compose(v -> fake.close()).onComplete(ctx.succeedingThenComplete());
  }

  private static <R> Invocation<R> call(R request, String model, Map<String, String> options) {
    return new Invocation<>(request, model, options, "req-1", Duration.ofSeconds(5));
  }

  private static void failsWith(Future<?> result, VertxTestContext ctx,
      Consumer<GatewayException> check) {
    result.onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(GatewayException.class);
      check.accept((GatewayException) e);
      ctx.completeNow();
    })));
  }

  @Test
  void chat_vllm_sendsKeyHeadersAndAsksForCountsThenReportsThem(VertxTestContext ctx) {
    adapter.chat(call(HI, FakeTriton.VLLM, VLLM)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.usage().promptTokens()).isEqualTo(16);
      assertThat(fake.received().get(0).path()).isEqualTo("/v2/models/vllm_model/generate");
      assertThat(fake.received().get(0).headers()).containsEntry("x-team", "a");
      assertThat(fake.problems()).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  void chat_withoutTokenizerConfig_internalErrorNamingTheOption(VertxTestContext ctx) {
    failsWith(adapter.chat(call(HI, FakeTriton.VLLM, Map.of("default_max_tokens", "8"))), ctx,
        e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
          assertThat(e.getMessage()).contains("tokenizer_config");
          assertThat(fake.received()).isEmpty();
        });
  }

  @Test
  void chat_tokenizerConfigMissingFile_internalErrorWithoutThePath(VertxTestContext ctx) {
    Map<String, String> options = new HashMap<>(VLLM);
    options.put("tokenizer_config", "/nonexistent/tokenizer_config.json");

    failsWith(adapter.chat(call(HI, FakeTriton.VLLM, options)), ctx, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
      assertThat(e.getMessage()).contains("tokenizer_config.json").doesNotContain("/nonexistent");
    });
  }

  @Test
  void chat_unknownModel_upstreamErrorNamingIt(VertxTestContext ctx) {
    failsWith(adapter.chat(call(HI, "llama", VLLM)), ctx, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
      assertThat(e.getMessage()).contains("`llama`");
    });
  }

  @Test
  void streamChat_failingFirstResponse_mapsTheSseFramedErrorStatus(VertxTestContext ctx) {
    fake.override("/v2/models/vllm_model/generate_stream", request -> request.response()
        .setStatusCode(503).putHeader("content-type", "text/event-stream; charset=utf-8")
        .end("data: {\"error\":\"Model is unavailable due to unhealthy vLLM engine\"}\n\n"));

    failsWith(adapter.streamChat(call(HI.withStream(true, true), FakeTriton.VLLM, VLLM)), ctx,
        e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
          assertThat(e.getMessage()).contains("unhealthy vLLM engine");
        });
  }

  @Test
  void streamChat_errorEventUnderStatus200_failsTheStreamAfterItsText(VertxTestContext ctx) {
    fake.override("/v2/models/ensemble/generate_stream", request -> request.response()
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .end("data: {\"text_output\":\"Hel\"}\n\ndata: {\"error\":\"Request was cancelled\"}\n\n"));
    List<ChatChunk> chunks = new ArrayList<>();
    Map<String, String> trtllm = Map.of("tokenizer_config", TritonContractTest.QWEN3,
        "default_max_tokens", "8");

    Future<Void> ended = adapter.streamChat(call(HI.withStream(true, false), FakeTriton.TRTLLM,
        trtllm)).compose(stream -> all(stream, chunks));
    failsWith(ended, ctx, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
      assertThat(e.getMessage()).contains("Request was cancelled");
      assertThat(chunks).contains(ChatChunk.of(ChatChunk.Delta.text(0, "Hel")));
    });
  }

  @Test
  void embed_oneText_oneVectorWithoutUsage(VertxTestContext ctx) {
    adapter.embed(call(EmbeddingRequest.ofTexts("e", List.of("a")), FakeTriton.EMBED, Map.of()))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.vectors()).hasSize(1);
          assertThat(r.vectors().get(0)).hasSize(FakeTriton.DIMENSIONS);
          assertThat(r.usage()).isNull();
          assertThat(fake.problems()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void warmUp_readyServer_succeeds(VertxTestContext ctx) {
    adapter.warmUp().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void warmUp_notReady_failsUnavailable(VertxTestContext ctx) {
    fake.override("/v2/health/ready", request -> request.response().setStatusCode(400).end());

    failsWith(adapter.warmUp(), ctx, e -> assertThat(e.kind())
        .isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE));
  }

  private static Future<Void> all(UpstreamStream<ChatChunk> stream, List<ChatChunk> into) {
    Promise<Void> done = Promise.promise();
    stream.exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete()).handler(into::add);
    stream.resume();
    return done.future();
  }
}
