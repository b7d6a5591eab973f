package dev.gantry.policies.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.Fallbacks;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.Limits;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.Routing;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.Team;
import dev.gantry.config.TokenizerSpec;
import dev.gantry.policies.auth.Authenticate;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.policies.limits.Admit;
import dev.gantry.policies.limits.TestLimitStore;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Pipeline;
import dev.gantry.policies.routing.ScriptedAdapter.ScriptedStream;
import dev.gantry.policies.tokens.CompleteUsage;
import dev.gantry.policies.tokens.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admission end to end in the pipeline: tokens counted with the alias's tokenizer (o200k) before
 * the call, reserved on the key's, team's, model's and deployment's buckets, refused with 429 when
 * one lacks room, reconciled with the usage after (streams included).
 */
class AdmissionTest {

  private static Vertx vertx;
  private static Tokens tokens;
  private static final TokenizerSpec O200K = new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN,
      "o200k_base");

  private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
  private final TestLimitStore store = new TestLimitStore(clock::millis);
  private final ScriptedAdapter upstream = new ScriptedAdapter();
  private Exchange exchange;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    tokens = Tokens.load(vertx, List.of(alias(Limits.NONE)), 1).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() throws Exception {
    tokens.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static ModelAlias alias(Limits limits, Deployment... deployments) {
    List<Deployment> list = deployments.length == 0
        ? List.of(new Deployment("p", "a", 1, null)) : List.of(deployments);
    return new ModelAlias("chat", ModelKind.CHAT, list, null, O200K, new Routing(
        Routing.Strategy.PRIORITY, 3, Duration.ofMillis(100), Duration.ofSeconds(5),
        Routing.Breaker.DEFAULTS, null, Duration.ofSeconds(60), Duration.ofSeconds(60), null),
        Fallbacks.NONE, limits);
  }

  private static Limits rpm(long n) {
    return new Limits(n, null, null, null, null, null);
  }

  private static Limits tpm(long n) {
    return new Limits(null, n, null, null, null, null);
  }

  private static Limits concurrent(long n) {
    return new Limits(null, null, null, null, n, null);
  }

  private Future<Outcome> run(ModelAlias alias, ApiKey key, List<Team> teams,
      ChatRequest request) {
    GatewayConfig config = new GatewayConfig(ServerSettings.DEFAULTS, Map.of(), List.of(alias),
        List.of(key), teams);
    ModelCatalog catalog = Fixtures.catalog(List.of(alias), upstream);
    DeploymentStates states = new DeploymentStates(List.of(alias), clock);
    KeyRing keys = KeyRing.of(List.of(key), Map.of());
    Pipeline pipeline = new Pipeline(List.of(new Authenticate(() -> keys),
        new ResolveRoute(() -> catalog), new Admit(config::team, () -> tokens, store),
        new CompleteUsage(() -> tokens),
        new Failover(() -> catalog, states, new Router(states, new Random(1)),
            new PipelineTimers(), clock, new Random(1), Duration.ofSeconds(60), store),
        new Invoke()));
    exchange = new Exchange("req", new ApiCall.Chat(request), "sk-a", System.nanoTime());
    return pipeline.run(exchange);
  }

  private static ApiKey key(Limits limits, String team) {
    return new ApiKey("a", SecretRef.literal("sk-a"), null, List.of(), false, team, limits);
  }

  /** "Hello, world!": 3 priming + 3 framing + "user" 1 + 4 tokens in o200k. */
  private static final long HELLO_TOKENS = 11;

  private static ChatRequest hello(Integer maxTokens) {
    ChatRequest r = ChatRequest.of("chat", List.of(Message.user("Hello, world!")));
    return maxTokens == null ? r : r.withParams(new GenerationParams(null, null, maxTokens,
        List.of(), null, null, null, null, null, null));
  }

  private static ChatResponse answer(int prompt, int completion) {
    return new ChatResponse(List.of(new ChatResponse.Choice(0, Message.assistant("Hi"), null,
        null, FinishReason.STOP, null)), Usage.of(prompt, completion), null);
  }

  @Test
  void keyRequestsPerMinute_refusesTheThirdWith429NamingTheLimit() {
    upstream.then("a", () -> answer(11, 1));
    ModelAlias alias = alias(Limits.NONE);
    ApiKey key = key(rpm(2), null);

    assertThat(run(alias, key, List.of(), hello(10)).succeeded()).isTrue();
    assertThat(run(alias, key, List.of(), hello(10)).succeeded()).isTrue();
    Future<Outcome> third = run(alias, key, List.of(), hello(10));

    GatewayException e = (GatewayException) third.cause();
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.getMessage()).isEqualTo("Rate limit reached for key a on requests per minute:"
        + " limit 2. Please try again in 30s.");
    assertThat(e.retryAfterSeconds()).isEqualTo(30);
    assertThat(upstream.calls).hasSize(2);
    assertThat(exchange.headers()).containsEntry("x-ratelimit-limit-requests", "2")
        .containsEntry("x-ratelimit-remaining-requests", "0");
  }

  @Test
  void tokens_areCountedBeforeAndReconciledWithTheUsageAfter() {
    upstream.then("a", () -> answer(11, 3));
    ApiKey key = key(tpm(1000), null);

    assertThat(run(alias(Limits.NONE), key, List.of(), hello(100)).succeeded()).isTrue();

    assertThat(exchange.inputTokens()).isEqualTo(HELLO_TOKENS);
    assertThat(exchange.headers()).containsEntry("x-ratelimit-remaining-tokens",
        Long.toString(1000 - HELLO_TOKENS - 100));
    assertThat(store.holds("key:a:tokens")).as("charged 11 + 3 as used").isEqualTo(1000 - 14);
  }

  @Test
  void teamAndModelLimits_applyToo_theTightestRefuses() {
    upstream.then("a", () -> answer(11, 3));
    Team team = new Team("search", tpm(200));
    ApiKey key = key(tpm(1000), "search");

    assertThat(run(alias(tpm(5000)), key, List.of(team), hello(150)).succeeded()).isTrue();
    Future<Outcome> f = run(alias(tpm(5000)), key, List.of(team), hello(190));

    assertThat(((GatewayException) f.cause()).getMessage())
        .startsWith("Rate limit reached for team search on tokens per minute: limit 200.");
    assertThat(store.holds("key:a:tokens")).as("nothing taken from the key by the refusal")
        .isEqualTo(1000 - 14);
  }

  @Test
  void failedCall_givesEverythingBack() {
    upstream.fails("a", new GatewayException(ErrorKind.UPSTREAM_ERROR, "boom"));
    ApiKey key = key(new Limits(null, 1000L, null, null, 1L, null), null);

    assertThat(run(alias(Limits.NONE), key, List.of(), hello(100)).failed()).isTrue();

    assertThat(store.holds("key:a:tokens")).isEqualTo(1000);
    assertThat(store.holds("key:a:concurrent")).isEqualTo(1);
  }

  @Test
  void stream_isReconciledWhenItEnds_andConcurrencyReleased() {
    upstream.then("a", () -> new ScriptedStream(List.of(ChatChunk.of(ChatChunk.Delta.text(0,
        "Hi")), ChatChunk.usage(Usage.of(11, 2))), null, false));
    ApiKey key = key(new Limits(null, 1000L, null, null, 1L, null), null);

    Future<Outcome> f = run(alias(Limits.NONE), key, List.of(), hello(100).withStream(true, true));
    assertThat(store.holds("key:a:concurrent")).as("held while streaming").isZero();
    drain(f);

    assertThat(store.holds("key:a:tokens")).isEqualTo(1000 - 13);
    assertThat(store.holds("key:a:concurrent")).isEqualTo(1);
  }

  @Test
  void streamBreakingMidAnswer_isChargedItsInputAndTheOutputGeneratedSoFar() {
    upstream.then("a", () -> new ScriptedStream(List.of(ChatChunk.of(ChatChunk.Delta.text(0,
        "Hi")), ChatChunk.of(ChatChunk.Delta.text(0, " there, friend"))),
        new GatewayException(ErrorKind.UPSTREAM_ERROR, "connection reset"), false));
    ApiKey key = key(new Limits(null, 1000L, null, null, 1L, null), null);

    Future<Outcome> f = run(alias(Limits.NONE), key, List.of(), hello(100).withStream(true, true));
    List<Object> events = new ArrayList<>();
    UpstreamStream<ChatChunk> stream = stream(f);
    stream.exceptionHandler(events::add);
    stream.endHandler(v -> events.add("end"));
    stream.handler(events::add);
    stream.resume();

    assertThat(events).hasSize(3).last().isInstanceOf(GatewayException.class);
    // "Hi there, friend": Hi, " there", ",", " friend" in o200k
    assertThat(store.holds("key:a:tokens")).isEqualTo(1000 - HELLO_TOKENS - 4);
    assertThat(store.holds("key:a:concurrent")).isEqualTo(1);
  }

  @Test
  void streamAbandonedByItsClient_isChargedItsInputAndTheOutputGeneratedSoFar() {
    upstream.then("a", () -> new ScriptedStream(List.of(ChatChunk.of(ChatChunk.Delta.text(0,
        "Hi there")), ChatChunk.of(ChatChunk.Delta.text(0, ","))), null, true));
    ApiKey key = key(new Limits(null, 1000L, null, null, 1L, null), null);

    Future<Outcome> f = run(alias(Limits.NONE), key, List.of(), hello(100).withStream(true, true));
    UpstreamStream<ChatChunk> stream = stream(f);
    stream.endHandler(v -> { });
    stream.handler(chunk -> { });
    stream.resume();
    assertThat(store.holds("key:a:tokens")).as("reserved while it runs")
        .isEqualTo(1000 - HELLO_TOKENS - 100);
    stream.cancel();

    assertThat(store.holds("key:a:tokens")).isEqualTo(1000 - HELLO_TOKENS - 3);
    assertThat(store.holds("key:a:concurrent")).isEqualTo(1);
  }

  @Test
  void cacheHit_countsAsARequest_andItsTokensOnlyWhenConfigured() {
    ApiKey key = key(new Limits(10L, 1000L, null, null, null, null), null);
    GatewayConfig config = new GatewayConfig(ServerSettings.DEFAULTS, Map.of(),
        List.of(alias(Limits.NONE)), List.of(key), List.of());
    ModelCatalog catalog = Fixtures.catalog(List.of(alias(Limits.NONE)), upstream);
    KeyRing keys = KeyRing.of(List.of(key), Map.of());
    for (boolean countsTokens : new boolean[] {false, true}) {
      Pipeline pipeline = new Pipeline(List.of(new Authenticate(() -> keys),
          new ResolveRoute(() -> catalog), new Admit(config::team, () -> tokens, store),
          (ex, next) -> {
            ex.cacheHit(new Exchange.CacheHit(0, countsTokens));
            return Future.succeededFuture(Outcome.completed(answer(11, 3)));
          }));
      exchange = new Exchange("req", new ApiCall.Chat(hello(100)), "sk-a", System.nanoTime());
      assertThat(pipeline.run(exchange).succeeded()).isTrue();
    }

    assertThat(store.holds("key:a:requests")).as("both hits are requests").isEqualTo(10 - 2);
    assertThat(store.holds("key:a:tokens")).as("only the second hit's 11 + 3 tokens count")
        .isEqualTo(1000 - 14);
  }

  @SuppressWarnings("unchecked")
  private static UpstreamStream<ChatChunk> stream(Future<Outcome> f) {
    return (UpstreamStream<ChatChunk>) ((Outcome.Streaming) f.result()).stream();
  }

  @Test
  void deploymentQuota_skipsAFullDeploymentBeforeTryingIt() {
    Deployment small = new Deployment("p", "a", 1, null, Map.of(), 0, null, Map.of(), 0, 0,
        rpm(1));
    Deployment big = new Deployment("p", "b", 1, null, Map.of(), 1, null, Map.of(), 0, 0, null);
    upstream.then("a", () -> answer(11, 1)).then("b", () -> answer(11, 1));
    ModelAlias alias = alias(Limits.NONE, small, big);

    assertThat(run(alias, key(Limits.NONE, null), List.of(), hello(10)).succeeded()).isTrue();
    assertThat(run(alias, key(Limits.NONE, null), List.of(), hello(10)).succeeded()).isTrue();

    assertThat(upstream.calls).containsExactly("a", "b");
    assertThat(exchange.attempts().get(0).error()).startsWith("rate_limited: Rate limit reached"
        + " for deployment p/a on requests per minute");
  }

  private void drain(Future<Outcome> f) {
    @SuppressWarnings("unchecked")
    UpstreamStream<ChatChunk> stream =
        (UpstreamStream<ChatChunk>) ((Outcome.Streaming) f.result()).stream();
    List<ChatChunk> got = new ArrayList<>();
    stream.exceptionHandler(e -> {
      throw new AssertionError(e);
    });
    stream.endHandler(v -> { });
    stream.handler(got::add);
    stream.resume();
  }

  /** Timers that never fire: nothing here waits. */
  private static final class PipelineTimers implements Timers {
    @Override
    public long set(long millis, Runnable task) {
      return 0;
    }

    @Override
    public void cancel(long id) {}
  }
}
