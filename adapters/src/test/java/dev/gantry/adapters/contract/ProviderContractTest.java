package dev.gantry.adapters.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour every provider adapter shares (style.md convention 6), run on each provider
 * against its own fake upstream. A subclass starts the fake and builds the adapter against it,
 * names the upstream model, and declares the capabilities. The contract then checks that
 * {@link ProviderAdapter#capabilities()} is exactly that set; that each call a declared capability
 * covers succeeds with sane canonical output ({@link ContractChecks}); that each call needing a
 * capability not declared fails with {@link ErrorKind#UNSUPPORTED} (never a skip, never another
 * kind); and that {@link ProviderAdapter#close()} completes.
 *
 * <p>The fake answers each request as its provider would, with the provider's recorded payloads,
 * telling the requests of {@link ContractRequests} apart by what the protocol shows: a stream flag,
 * offered tools, an image part, a response schema, logprobs, the number of inputs to embed.
 *
 * <p>Calls are made from an event loop, as the gateway makes them; an adapter method that throws
 * instead of returning a failed future breaks the contract.
 */
@ExtendWith(VertxExtension.class)
public abstract class ProviderContractTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private ProviderAdapter adapter;
  private Context context;
  private boolean closed;

  /** Starts the fake upstream (if the provider has one) and builds the adapter against it. */
  protected abstract Future<ProviderAdapter> start(Vertx vertx);

  /** The model name the calls carry, as the provider knows it. */
  protected abstract String upstreamModel();

  /**
   * The model a call of {@code operation} ({@link Capability#CHAT}, {@link Capability#COMPLETIONS},
   * {@link Capability#EMBEDDINGS}, {@link Capability#IMAGES}) is sent to: {@link #upstreamModel()}
   * unless the provider picks its formats by model (Bedrock).
   */
  protected String upstreamModel(Capability operation) {
    return upstreamModel();
  }

  /** What the provider claims to do; the contract holds it to exactly this. */
  protected abstract Set<Capability> declaredCapabilities();

  /**
   * The deployment options every call carries, for a provider whose options choose what the
   * deployment speaks (SageMaker's {@code api}); none by default.
   */
  protected Map<String, String> deploymentOptions() {
    return Map.of();
  }

  /**
   * Whether the provider reports token usage for an operation ({@link Capability#CHAT},
   * {@link Capability#CHAT_STREAM}, {@link Capability#COMPLETIONS},
   * {@link Capability#EMBEDDINGS}); true by default. A provider whose protocol has no counts must
   * then report none (null, no usage chunk), for the gateway to count them: it never guesses.
   */
  protected boolean reportsUsage(Capability operation) {
    return true;
  }

  /** Stops what {@link #start} started, after the adapter closed; nothing by default. */
  protected Future<Void> stop() {
    return Future.succeededFuture();
  }

  @BeforeEach
  final void startAdapter(Vertx vertx, VertxTestContext ctx) {
    context = vertx.getOrCreateContext();
    onContext(v -> start(vertx)).onComplete(ctx.succeeding(built -> {
      adapter = built;
      ctx.completeNow();
    }));
  }

  @AfterEach
  final void closeAdapter(VertxTestContext ctx) {
    Future<Void> close = closed || adapter == null ? Future.succeededFuture()
        : onContext(v -> adapter.close());
    close.compose(v -> stop()).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  final void capabilities_always_equalTheDeclaredSet() {
    assertThat(adapter.capabilities()).isEqualTo(declaredCapabilities());
  }

  @Test
  final void chat_question_answersIfDeclaredElseUnsupported(VertxTestContext ctx) {
    expect(EnumSet.of(Capability.CHAT), a -> a.chat(call(ContractRequests.chat())),
        r -> ContractChecks.answer(r, reportsUsage(Capability.CHAT)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  final void streamChat_question_streamsRoleTextFinishUsageIfDeclaredElseUnsupported(
      VertxTestContext ctx) {
    expect(EnumSet.of(Capability.CHAT_STREAM),
        a -> a.streamChat(call(ContractRequests.chatStream())).compose(ProviderContractTest::all),
        items -> ContractChecks.textStream(items, reportsUsage(Capability.CHAT_STREAM)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  final void chat_tools_callsAToolIfDeclaredElseUnsupported(VertxTestContext ctx) {
    expect(EnumSet.of(Capability.CHAT, Capability.TOOLS),
        a -> a.chat(call(ContractRequests.tools())),
        r -> ContractChecks.toolCalls(r, reportsUsage(Capability.CHAT)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  final void streamChat_tools_streamsAToolCallIfDeclaredElseUnsupported(VertxTestContext ctx) {
    expect(EnumSet.of(Capability.CHAT_STREAM, Capability.TOOLS),
        a -> a.streamChat(call(ContractRequests.toolsStream())).compose(ProviderContractTest::all),
        items -> ContractChecks.toolCallStream(items, reportsUsage(Capability.CHAT_STREAM)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  final void chat_image_answersIfDeclaredElseUnsupported(VertxTestContext ctx) {
    expect(EnumSet.of(Capability.CHAT, Capability.VISION),
        a -> a.chat(call(ContractRequests.vision())),
        r -> ContractChecks.answer(r, reportsUsage(Capability.CHAT)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  final void chat_jsonSchema_answersAJsonObjectIfDeclaredElseUnsupported(VertxTestContext ctx) {
    expect(EnumSet.of(Capability.CHAT, Capability.JSON_SCHEMA),
        a -> a.chat(call(ContractRequests.jsonSchema())),
        r -> ContractChecks.jsonAnswer(r, reportsUsage(Capability.CHAT)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  final void chat_logprobs_returnsLogprobsIfDeclaredElseUnsupported(VertxTestContext ctx) {
    expect(EnumSet.of(Capability.CHAT, Capability.LOGPROBS),
        a -> a.chat(call(ContractRequests.logprobs())),
        r -> ContractChecks.logprobs(r, reportsUsage(Capability.CHAT)))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Undeclared, both the whole and the streamed completion must be refused. Declared, only the
   * whole one is called: no provider's recorded text completion stream exists to serve, so a
   * provider's completion stream is checked by its own adapter test.
   */
  @Test
  final void complete_prompt_answersIfDeclaredElseUnsupportedStreamedOrNot(VertxTestContext ctx) {
    Set<Capability> needs = EnumSet.of(Capability.COMPLETIONS);
    Future<Void> whole = expect(needs,
        a -> a.complete(call(ContractRequests.completion(false))),
        r -> ContractChecks.completion(r, reportsUsage(Capability.COMPLETIONS)));
    Future<Void> streamed = declaredCapabilities().containsAll(needs) ? Future.succeededFuture()
        : expect(needs, a -> a.streamComplete(call(ContractRequests.completion(true))), r -> { });
    Future.all(whole, streamed).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  final void embed_oneText_returnsOneVectorAndUsageIfDeclaredElseUnsupported(
      VertxTestContext ctx) {
    expect(EnumSet.of(Capability.EMBEDDINGS),
        a -> a.embed(call(ContractRequests.embeddings("Why is the sky blue?"))),
        r -> {
          ContractChecks.vectors(r, 1);
          ContractChecks.embeddingUsage(r.usage(), reportsUsage(Capability.EMBEDDINGS));
        }).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Usage is checked when reported: Ollama's documented answer for several inputs carries no
   * count (the one-text case above holds every provider to usage).
   */
  @Test
  final void embed_twoTexts_returnsOneVectorEachOfOneDimensionIfDeclaredElseUnsupported(
      VertxTestContext ctx) {
    expect(EnumSet.of(Capability.EMBEDDINGS),
        a -> a.embed(call(ContractRequests.embeddings("Why is the sky blue?",
            "Why is the grass green?"))),
        (EmbeddingResponse r) -> {
          ContractChecks.vectors(r, 2);
          if (r.usage() != null || !reportsUsage(Capability.EMBEDDINGS)) {
            ContractChecks.embeddingUsage(r.usage(), reportsUsage(Capability.EMBEDDINGS));
          }
        }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  final void generateImages_prompt_returnsAnImageIfDeclaredElseUnsupported(VertxTestContext ctx) {
    expect(EnumSet.of(Capability.IMAGES),
        a -> a.generateImages(call(ContractRequests.image())), ContractChecks::images)
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  final void close_unused_completes(VertxTestContext ctx) {
    closed = true;
    onContext(v -> adapter.close()).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Makes the call. When every capability it needs is declared, it must succeed and pass the
   * check; otherwise it must fail with UNSUPPORTED and a message. The future fails with the
   * broken expectation.
   */
  private <T> Future<Void> expect(Set<Capability> needs, Function<ProviderAdapter, Future<T>> call,
      Consumer<T> check) {
    Future<T> result = onContext(v -> call.apply(adapter));
    if (declaredCapabilities().containsAll(needs)) {
      return result.compose(r -> verify(() -> check.accept(r)));
    }
    return result.transform(ar -> ar.succeeded()
        ? Future.failedFuture(new AssertionError("a call needing undeclared " + needs
            + " succeeded"))
        : verify(() -> assertThat(ar.cause()).as("the failure of a call needing %s", needs)
            .isInstanceOfSatisfying(GatewayException.class, e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
              assertThat(e.getMessage()).isNotBlank();
            })));
  }

  /** The assertions' outcome as a future. */
  private static Future<Void> verify(Runnable assertions) {
    try {
      assertions.run();
      return Future.succeededFuture();
    } catch (AssertionError e) {
      return Future.failedFuture(e);
    }
  }

  /** Runs an adapter method on the event loop; a synchronous throw fails the test. */
  private <T> Future<T> onContext(Function<Void, Future<T>> method) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        method.apply(null).onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(new AssertionError("the adapter threw instead of failing its future", e));
      }
    });
    return promise.future();
  }

  private <R> Invocation<R> call(R request) {
    Capability operation = request instanceof dev.gantry.adapters.model.EmbeddingRequest
        ? Capability.EMBEDDINGS
        : request instanceof dev.gantry.adapters.model.ImageRequest ? Capability.IMAGES
        : request instanceof dev.gantry.adapters.model.CompletionRequest ? Capability.COMPLETIONS
        : Capability.CHAT;
    return new Invocation<>(request, upstreamModel(operation), deploymentOptions(),
        "contract-request", TIMEOUT);
  }

  /** Every item of a stream, once it ended; its failure otherwise. */
  private static <T> Future<List<T>> all(UpstreamStream<T> stream) {
    Promise<List<T>> done = Promise.promise();
    List<T> items = new ArrayList<>();
    stream.exceptionHandler(done::tryFail)
        .endHandler(v -> done.tryComplete(items))
        .handler(items::add);
    stream.resume();
    return done.future();
  }
}
