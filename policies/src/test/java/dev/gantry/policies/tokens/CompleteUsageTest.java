package dev.gantry.policies.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.stream.ReplayStream;
import dev.gantry.config.Deployment;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.TokenizerSpec;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.routing.Route;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage filled in from the alias's real tokenizer (all-MiniLM-L6-v2's WordPiece) when missing. */
class CompleteUsageTest {

  private static final ProviderAdapter NOTHING = () -> Set.<Capability>of();
  private static Vertx vertx;
  private static Tokens tokens;
  private static ModelAlias alias;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    alias = new ModelAlias("chat", ModelKind.CHAT, List.of(new Deployment("p", "m", 1, null)),
        null, new TokenizerSpec(TokenizerSpec.Kind.HF,
            TokenCounterTest.miniLmTokenizer(dir).toString()));
    tokens = Tokens.load(vertx, List.of(alias), 1).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() throws Exception {
    tokens.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static Exchange exchange(ApiCall call) {
    Exchange exchange = new Exchange("req_1", call, null, System.nanoTime());
    exchange.route(new Route(alias, alias.deployments().get(0),
        new ProviderSettings.Local("p", 1, 1), NOTHING, Duration.ofSeconds(5)));
    return exchange;
  }

  private static Outcome run(ApiCall call, Outcome answer) throws Exception {
    return new CompleteUsage(() -> tokens).apply(exchange(call), e -> Future.succeededFuture(answer))
        .await(10, TimeUnit.SECONDS);
  }

  private static final ChatRequest HELLO = ChatRequest.of("chat", List.of(
      Message.user("Hello, world!")));
  /** priming 3 + framing 3 + "user" 1 + "hello , world !" 4. */
  private static final int HELLO_PROMPT = 11;

  private static ChatResponse answer(Usage usage) {
    return new ChatResponse(List.of(new ChatResponse.Choice(0, Message.assistant("Paris is nice."),
        null, null, FinishReason.STOP, null)), usage, null);
  }

  @Test
  void chat_withoutUsage_countsPromptAndAnswer() throws Exception {
    Outcome outcome = run(new ApiCall.Chat(HELLO), Outcome.completed(answer(null)));

    ChatResponse counted = (ChatResponse) ((Outcome.Completed) outcome).response();
    assertThat(counted.usage()).isEqualTo(Usage.of(HELLO_PROMPT, 4)); // paris is nice .
    assertThat(counted.choices()).isEqualTo(answer(null).choices());
  }

  @Test
  void chat_withProviderUsage_isLeftAlone() throws Exception {
    ChatResponse reported = answer(Usage.of(100, 7));

    Outcome outcome = run(new ApiCall.Chat(HELLO), Outcome.completed(reported));

    assertThat(((Outcome.Completed) outcome).response()).isSameAs(reported);
  }

  @Test
  void embeddings_withoutUsage_countsTheInputs() throws Exception {
    Outcome outcome = run(new ApiCall.Embeddings(EmbeddingRequest.ofTexts("chat",
        List.of("Hello, world!", "Hi"))), Outcome.completed(new EmbeddingResponse(
            List.of(new float[] {1f}, new float[] {2f}), null)));

    assertThat(((EmbeddingResponse) ((Outcome.Completed) outcome).response()).usage())
        .isEqualTo(Usage.of(5, 0));
  }

  @Test
  void stream_withoutUsage_endsWithTheCountedUsage() throws Exception {
    List<ChatChunk> upstream = List.of(ChatChunk.of(ChatChunk.Delta.role(0)),
        ChatChunk.of(ChatChunk.Delta.text(0, "Paris is")),
        ChatChunk.of(ChatChunk.Delta.text(0, " nice.")),
        ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.STOP)));

    List<ChatChunk> got = drain(upstream);

    assertThat(got).hasSize(5).startsWith(upstream.toArray(ChatChunk[]::new));
    assertThat(got.get(4)).isEqualTo(ChatChunk.usage(Usage.of(HELLO_PROMPT, 4)));
  }

  @Test
  void stream_withProviderUsage_passesThroughUnchanged() throws Exception {
    List<ChatChunk> upstream = List.of(ChatChunk.of(ChatChunk.Delta.text(0, "Hi")),
        ChatChunk.usage(Usage.of(9, 1)));

    assertThat(drain(upstream)).isEqualTo(upstream);
  }

  @Test
  void pricedDeployment_wholeAnswer_carriesItsCost() throws Exception {
    Deployment priced = new Deployment("p", "m", 1, null, java.util.Map.of(), 0,
        new dev.gantry.config.Price(1.0, 2.0, 0.5), java.util.Map.of(), 0, 0);
    Exchange exchange = new Exchange("req_2", new ApiCall.Chat(HELLO), null, System.nanoTime());
    exchange.route(new Route(alias, priced, new ProviderSettings.Local("p", 1, 1), NOTHING,
        Duration.ofSeconds(5)));
    ChatResponse answer = new ChatResponse(answer(null).choices(), new Usage(1000, 500, 200, 0),
        null);

    new CompleteUsage(() -> tokens).apply(exchange, e -> Future.succeededFuture(
        Outcome.completed(answer))).await(10, TimeUnit.SECONDS);

    // (800 uncached × 1.0 + 200 cached × 0.5 + 500 × 2.0) per million tokens
    assertThat(exchange.headers()).containsEntry("x-gantry-cost-usd", "0.00190000");
  }

  @Test
  void pricedDeployment_images_carryTheirCost() throws Exception {
    Deployment priced = new Deployment("p", "gpt-image-1", 1, null, java.util.Map.of(), 0,
        new dev.gantry.config.Price(5.0, 40.0, 1.25), java.util.Map.of(), 0, 0);
    Exchange exchange = new Exchange("req_3", new ApiCall.Images(new ImageRequest("images",
        "A lighthouse", 1, null, null, null, null, null, null)), null, System.nanoTime());
    exchange.route(new Route(alias, priced, new ProviderSettings.Local("p", 1, 1), NOTHING,
        Duration.ofSeconds(5)));
    ImageResponse answer = new ImageResponse(List.of(
        new ImageResponse.Image("iVBORw0KGgo=", null, "image/png", null)),
        Usage.of(50, 50), 40);

    new CompleteUsage(() -> tokens).apply(exchange, e -> Future.succeededFuture(
        Outcome.completed(answer))).await(10, TimeUnit.SECONDS);

    // (50 × 5.0 + 50 × 40.0) per million tokens, as the usage records count it
    assertThat(exchange.headers()).containsEntry("x-gantry-cost-usd", "0.00225000");
  }

  @Test
  void count_bigText_runsOnTheTokenizerPool() throws Exception {
    TokenCounter hf = tokens.counter("chat");
    String small = tokens.count(hf, 10, () -> Thread.currentThread().getName())
        .await(10, TimeUnit.SECONDS);
    String big = tokens.count(hf, hf.inlineChars() + 1, () -> Thread.currentThread().getName())
        .await(10, TimeUnit.SECONDS);

    assertThat(small).isEqualTo(Thread.currentThread().getName());
    assertThat(big).startsWith("gantry-tokenizer");
  }

  private static List<ChatChunk> drain(List<ChatChunk> upstream) throws Exception {
    List<ChatChunk> got = new ArrayList<>();
    Promise<List<ChatChunk>> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(x -> new CompleteUsage(() -> tokens)
        .apply(exchange(new ApiCall.Chat(HELLO.withStream(true, true))),
            e -> Future.succeededFuture(Outcome.streaming(new ReplayStream<>(context, upstream))))
        .onSuccess(outcome -> {
          @SuppressWarnings("unchecked")
          UpstreamStream<ChatChunk> stream =
              (UpstreamStream<ChatChunk>) ((Outcome.Streaming) outcome).stream();
          stream.endHandler(end -> done.complete(got));
          stream.exceptionHandler(done::fail);
          stream.handler(got::add);
        })
        .onFailure(done::fail));
    return done.future().await(10, TimeUnit.SECONDS);
  }
}
