package dev.gantry.policies.routing;

import static dev.gantry.policies.routing.Fixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.config.Deployment;
import dev.gantry.config.Fallbacks;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.Routing;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Attempt;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Pipeline;
import dev.gantry.policies.pipeline.RoutingHints;
import dev.gantry.policies.routing.ScriptedAdapter.ScriptedStream;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fault injection on the failover stage: scripted deployments, a hand-driven clock and timers (no
 * sleeps). Aliases use priority order so each test knows which deployment is tried first.
 */
class FailoverTest {

  private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
  private final Fixtures.ManualTimers timers = new Fixtures.ManualTimers(clock);
  private final ScriptedAdapter upstream = new ScriptedAdapter();
  private Exchange exchange;
  private RoutingHints exchangeHints = RoutingHints.NONE;

  private static Routing routing(Duration firstToken, Routing.Breaker breaker) {
    return new Routing(Routing.Strategy.PRIORITY, 3, Duration.ofMillis(100), Duration.ofSeconds(5),
        breaker, firstToken, Duration.ofSeconds(30), Duration.ofSeconds(60), null);
  }

  private static Deployment ranked(String model, int priority) {
    return new Deployment("p", model, 1, null, java.util.Map.of(), priority, null,
        java.util.Map.of(), 0, 0);
  }

  private static ModelAlias alias(String name, Routing routing, Fallbacks fallbacks,
      Deployment... deployments) {
    return new ModelAlias(name, ModelKind.CHAT, List.of(deployments), null, null, routing,
        fallbacks);
  }

  private static final Routing DEFAULT = routing(null, Routing.Breaker.DEFAULTS);
  private static final ModelAlias TWO = alias("chat", DEFAULT, Fallbacks.NONE, ranked("a", 0),
      ranked("b", 1));
  private static final ModelAlias ONE = alias("one", DEFAULT, Fallbacks.NONE, ranked("a", 0));

  private Future<Outcome> run(List<ModelAlias> aliases, String model, boolean stream,
      Duration requestTimeout) {
    ModelCatalog catalog = Fixtures.catalog(aliases, upstream);
    DeploymentStates states = states(aliases);
    return run(catalog, states, model, stream, requestTimeout);
  }

  private DeploymentStates states;

  private DeploymentStates states(List<ModelAlias> aliases) {
    if (states == null) {
      states = new DeploymentStates(aliases, clock);
    }
    return states;
  }

  private Future<Outcome> run(ModelCatalog catalog, DeploymentStates states, String model,
      boolean stream, Duration requestTimeout) {
    Pipeline pipeline = new Pipeline(List.of(new ResolveRoute(() -> catalog),
        new Failover(() -> catalog, states, new Router(states, new Random(7)), timers, clock,
            new Random(7), requestTimeout),
        new Invoke()));
    ChatRequest request = ChatRequest.of(model, List.of(Message.user("hi")))
        .withStream(stream, stream);
    exchange = new Exchange("req", new ApiCall.Chat(request), null, System.nanoTime());
    exchange.hints(exchangeHints);
    return pipeline.run(exchange);
  }

  private Future<Outcome> run(List<ModelAlias> aliases, String model) {
    return run(aliases, model, false, Duration.ofSeconds(60));
  }

  private static String text(Future<Outcome> f) {
    assertThat(f.succeeded()).as(() -> String.valueOf(f.cause())).isTrue();
    return ((ChatResponse) ((Outcome.Completed) f.result()).response()).choices().get(0).message()
        .text();
  }

  private static GatewayException error(Future<Outcome> f) {
    assertThat(f.failed()).isTrue();
    return (GatewayException) f.cause();
  }

  private List<String> attempts() {
    return exchange.attempts().stream().map(a -> a.deployment() + (a.succeeded() ? " ok" : " "
        + a.error().substring(0, a.error().indexOf(':')))).toList();
  }

  private static GatewayException status(ErrorKind kind, long retryAfter) {
    return new GatewayException(kind, kind.name(), null, retryAfter, null);
  }

  @Test
  void serverError_movesToTheNextDeployment() {
    upstream.fails("a", status(ErrorKind.UPSTREAM_ERROR, -1)).answers("b");

    assertThat(text(run(List.of(TWO), "chat"))).isEqualTo("b");
    assertThat(attempts()).containsExactly("p/a upstream_error", "p/b ok");
    assertThat(exchange.route().orElseThrow().deploymentLabel()).isEqualTo("p/b");
  }

  @Test
  void rateLimitWithRetryAfter_retriesTheSameDeploymentNoSoonerThanAsked() {
    upstream.fails("a", status(ErrorKind.UPSTREAM_RATE_LIMITED, 2)).answers("a");

    Future<Outcome> f = run(List.of(ONE), "one");

    assertThat(f.isComplete()).as("waiting for Retry-After").isFalse();
    timers.advance(Duration.ofMillis(1999));
    assertThat(f.isComplete()).isFalse();
    timers.advance(Duration.ofMillis(1));
    assertThat(text(f)).isEqualTo("a");
    assertThat(timers.delays()).containsExactly(2000L);
    assertThat(attempts()).containsExactly("p/a upstream_rate_limited", "p/a ok");
  }

  @Test
  void rateLimitLongerThanTheBackoffCap_isPassedOnWithItsRetryAfter() {
    upstream.fails("a", status(ErrorKind.UPSTREAM_RATE_LIMITED, 60)).answers("a");

    GatewayException e = error(run(List.of(ONE), "one"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(e.retryAfterSeconds()).isEqualTo(60);
    assertThat(upstream.calls).containsExactly("a");
  }

  @Test
  void unavailable_backsOffExponentiallyWithJitterWithinTheCap() {
    GatewayException down = status(ErrorKind.UPSTREAM_UNAVAILABLE, -1);
    upstream.fails("a", down).fails("a", down).answers("a");

    Future<Outcome> f = run(List.of(ONE), "one");
    timers.advance(Duration.ofSeconds(10));

    assertThat(text(f)).isEqualTo("a");
    assertThat(timers.delays()).hasSize(2);
    assertThat(timers.delays().get(0)).isBetween(0L, 100L);
    assertThat(timers.delays().get(1)).isBetween(0L, 200L);
  }

  @Test
  void timeout_isNeverRetriedAtTheSameDeployment() {
    upstream.fails("a", status(ErrorKind.UPSTREAM_TIMEOUT, -1)).answers("a");

    assertThat(error(run(List.of(ONE), "one")).kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    assertThat(upstream.calls).containsExactly("a");
  }

  @Test
  void clientError_isReturnedWithoutTryingAnotherDeployment() {
    upstream.fails("a", GatewayException.invalid("bad temperature", "temperature"))
        .answers("b");

    GatewayException e = error(run(List.of(TWO), "chat"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).isEqualTo("bad temperature");
    assertThat(upstream.calls).containsExactly("a");
  }

  @Test
  void everyDeploymentFailing_listsEachCause() {
    upstream.fails("a", status(ErrorKind.UPSTREAM_ERROR, -1))
        .fails("b", status(ErrorKind.UPSTREAM_TIMEOUT, -1));

    GatewayException e = error(run(List.of(TWO), "chat"));

    assertThat(e.kind()).isEqualTo(ErrorKind.ALL_DEPLOYMENTS_FAILED);
    assertThat(e.getMessage()).isEqualTo("Every deployment tried failed: p/a (upstream_error: "
        + "UPSTREAM_ERROR); p/b (upstream_timeout: UPSTREAM_TIMEOUT)");
  }

  @Test
  void breaker_opensAfterFailures_skipsTheDeployment_thenProbesItAfterTheOpenPeriod() {
    Routing.Breaker breaker = new Routing.Breaker(50, 100, Duration.ofSeconds(60), 4, 4,
        Duration.ofSeconds(30), 1);
    ModelAlias alias = alias("chat", routing(null, breaker), Fallbacks.NONE, ranked("a", 0),
        ranked("b", 1));
    upstream.fails("a", status(ErrorKind.UPSTREAM_ERROR, -1)).answers("b");
    ModelCatalog catalog = Fixtures.catalog(List.of(alias), upstream);
    DeploymentStates states = new DeploymentStates(List.of(alias), clock);

    for (int i = 0; i < 4; i++) {
      assertThat(text(run(catalog, states, "chat", false, Duration.ofSeconds(60)))).isEqualTo("b");
    }
    upstream.calls.clear();
    for (int i = 0; i < 5; i++) {
      assertThat(text(run(catalog, states, "chat", false, Duration.ofSeconds(60)))).isEqualTo("b");
    }
    assertThat(upstream.calls).as("a's breaker is open").containsOnly("b");

    clock.advance(Duration.ofSeconds(31));
    upstream.calls.clear();
    upstream.recovers("a");
    assertThat(text(run(catalog, states, "chat", false, Duration.ofSeconds(60)))).isEqualTo("a");
    assertThat(states.of("p/a").breakerState().name()).isEqualTo("CLOSED");
  }

  @Test
  void contextLength_goesToTheLongerContextFallback() {
    ModelAlias shortAlias = alias("short", DEFAULT, new Fallbacks(List.of(), List.of("long"),
        List.of(), List.of()), ranked("a", 0));
    ModelAlias longAlias = alias("long", DEFAULT, Fallbacks.NONE, ranked("l", 0));
    upstream.fails("a", new GatewayException(ErrorKind.CONTEXT_LENGTH, "too long")).answers("l");

    assertThat(text(run(List.of(shortAlias, longAlias), "short"))).isEqualTo("l");
    assertThat(exchange.attempts()).extracting(Attempt::alias).containsExactly("short", "long");
  }

  @Test
  void rateLimitedEverywhere_goesToTheRateLimitFallback_generalFailuresToTheGeneralOne() {
    ModelAlias primary = alias("primary", DEFAULT, new Fallbacks(List.of("general"), List.of(),
        List.of(), List.of("spare")), ranked("a", 0));
    ModelAlias spare = alias("spare", DEFAULT, Fallbacks.NONE, ranked("s", 0));
    ModelAlias general = alias("general", DEFAULT, Fallbacks.NONE, ranked("g", 0));
    upstream.fails("a", status(ErrorKind.UPSTREAM_RATE_LIMITED, 600)).answers("s").answers("g");

    assertThat(text(run(List.of(primary, spare, general), "primary"))).isEqualTo("s");

    states = null;
    upstream.fails("a", status(ErrorKind.UPSTREAM_ERROR, -1));
    ScriptedAdapter fresh = new ScriptedAdapter().fails("a", status(ErrorKind.UPSTREAM_ERROR, -1))
        .answers("g").answers("s");
    ModelCatalog catalog = Fixtures.catalog(List.of(primary, spare, general), fresh);
    assertThat(text(run(catalog, new DeploymentStates(List.of(primary, spare, general), clock),
        "primary", false, Duration.ofSeconds(60)))).isEqualTo("g");
  }

  @Test
  void fallbacksThatLoop_areServedOnceEach() {
    ModelAlias x = alias("x", DEFAULT, new Fallbacks(List.of("y"), List.of(), List.of(),
        List.of()), ranked("a", 0));
    ModelAlias y = alias("y", DEFAULT, new Fallbacks(List.of("x"), List.of(), List.of(),
        List.of()), ranked("b", 0));
    upstream.fails("a", status(ErrorKind.UPSTREAM_ERROR, -1))
        .fails("b", status(ErrorKind.UPSTREAM_ERROR, -1));

    GatewayException e = error(run(List.of(x, y), "x"));

    assertThat(e.kind()).as("one kind of failure everywhere keeps its kind")
        .isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).startsWith("Every deployment tried failed: p/a (").contains("p/b (");
    assertThat(upstream.calls).containsExactly("a", "b");
  }

  @Test
  void deadline_boundsEveryAttemptAndStopsRetries() {
    GatewayException down = status(ErrorKind.UPSTREAM_UNAVAILABLE, 3);
    upstream.fails("a", down);

    Future<Outcome> f = run(List.of(ONE), "one", false, Duration.ofSeconds(2));

    assertThat(error(f).kind()).as("a 3 s wait does not fit in a 2 s deadline")
        .isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(upstream.calls).containsExactly("a");
  }

  @Test
  void stream_errorBeforeTheFirstItem_failsOverTransparently() {
    upstream.then("a", () -> new ScriptedStream(List.of(), status(ErrorKind.UPSTREAM_ERROR, -1),
        false)).then("b", () -> ScriptedStream.of("Hel", "lo"));

    List<ChatChunk> got = drain(run(List.of(TWO), "chat", true, Duration.ofSeconds(60)));

    assertThat(got).hasSize(4);
    assertThat(got.get(1).choices().get(0).content()).isEqualTo("Hel");
    assertThat(attempts()).containsExactly("p/a upstream_error", "p/b ok");
  }

  @Test
  void stream_withoutAFirstTokenInTime_isAbandonedForTheNextDeployment() {
    ModelAlias alias = alias("chat", routing(Duration.ofSeconds(2), Routing.Breaker.DEFAULTS),
        Fallbacks.NONE, ranked("a", 0), ranked("b", 1));
    upstream.then("a", () -> new ScriptedStream(List.of(), null, true))
        .then("b", () -> ScriptedStream.of("fast"));

    Future<Outcome> f = run(List.of(alias), "chat", true, Duration.ofSeconds(60));
    assertThat(f.isComplete()).isFalse();
    timers.advance(Duration.ofSeconds(2));

    assertThat(drain(f)).hasSize(3);
    assertThat(upstream.streams.get(0).cancelled).as("the silent stream is cancelled").isTrue();
    assertThat(attempts()).containsExactly("p/a upstream_timeout", "p/b ok");
  }

  @Test
  void stream_failingAfterItsFirstItem_isNotSwitched_theErrorReachesTheClient() {
    upstream.then("a", () -> new ScriptedStream(List.of(ChatChunk.of(ChatChunk.Delta.text(0,
        "partial"))), status(ErrorKind.UPSTREAM_ERROR, -1), false)).answers("b");

    Future<Outcome> f = run(List.of(TWO), "chat", true, Duration.ofSeconds(60));
    List<Object> events = new ArrayList<>();
    @SuppressWarnings("unchecked")
    UpstreamStream<ChatChunk> stream =
        (UpstreamStream<ChatChunk>) ((Outcome.Streaming) f.result()).stream();
    stream.exceptionHandler(events::add);
    stream.endHandler(v -> events.add("end"));
    stream.handler(events::add);
    stream.resume();

    assertThat(events).hasSize(2);
    assertThat(events.get(1)).isInstanceOf(GatewayException.class);
    assertThat(upstream.calls).containsExactly("a");
    assertThat(states.of("p/a").inFlight()).as("the slot is released").isZero();
  }

  @Test
  void stream_stallingMidAnswer_endsWithATimeoutErrorAfterTheIdleLimit() {
    upstream.then("a", () -> new ScriptedStream(List.of(ChatChunk.of(ChatChunk.Delta.text(0,
        "Hel"))), null, true));

    Future<Outcome> f = run(List.of(ONE), "one", true, Duration.ofSeconds(300));
    List<Object> events = new ArrayList<>();
    @SuppressWarnings("unchecked")
    UpstreamStream<ChatChunk> stream =
        (UpstreamStream<ChatChunk>) ((Outcome.Streaming) f.result()).stream();
    stream.exceptionHandler(events::add);
    stream.endHandler(v -> events.add("end"));
    stream.handler(events::add);
    stream.resume();
    timers.advance(Duration.ofSeconds(29));
    assertThat(events).hasSize(1);
    timers.advance(Duration.ofSeconds(1));

    assertThat(events).hasSize(2);
    assertThat(((GatewayException) events.get(1)).kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    assertThat(upstream.streams.get(0).cancelled).isTrue();
    assertThat(states.of("p/a").inFlight()).isZero();
  }

  @Test
  void clientLeavingBeforeTheFirstToken_cancelsTheStreamAndBlamesNoDeployment() {
    upstream.then("a", () -> new ScriptedStream(List.of(), null, true)).answers("b");

    Future<Outcome> f = run(List.of(TWO), "chat", true, Duration.ofSeconds(60));
    assertThat(f.isComplete()).isFalse();
    exchange.cancel();

    assertThat(f.failed()).isTrue();
    assertThat(upstream.streams.get(0).cancelled).isTrue();
    assertThat(upstream.calls).as("no failover for a client that left").containsExactly("a");
    assertThat(states.of("p/a").inFlight()).isZero();
    assertThat(states.of("p/a").recentErrors()).isEmpty();
  }

  private static Deployment tagged(String model, int priority, String region) {
    return new Deployment("p", model, 1, null, java.util.Map.of(), priority, null,
        java.util.Map.of("region", region), 0, 0);
  }

  @Test
  void hints_pinARegionOrExcludeADeployment_narrowTheChoice() {
    ModelAlias alias = alias("chat", DEFAULT, Fallbacks.NONE, tagged("us", 0, "us"),
        tagged("eu", 1, "eu"));
    upstream.answers("us").answers("eu");
    ModelCatalog catalog = Fixtures.catalog(List.of(alias), upstream);
    DeploymentStates states = new DeploymentStates(List.of(alias), clock);

    exchangeHints = RoutingHints.of("region=eu", null);
    assertThat(text(run(catalog, states, "chat", false, Duration.ofSeconds(60)))).isEqualTo("eu");
    exchangeHints = RoutingHints.of(null, "p/us");
    assertThat(text(run(catalog, states, "chat", false, Duration.ofSeconds(60)))).isEqualTo("eu");
    exchangeHints = RoutingHints.of("region=ap", null);
    GatewayException e = error(run(catalog, states, "chat", false, Duration.ofSeconds(60)));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).isEqualTo("No deployment of `chat` matches the routing hints (pin"
        + " region=ap).");
    assertThat(upstream.calls).containsExactly("eu", "eu");
  }

  @Test
  void shadow_isMirroredWholeAndRecorded_neverAnswersTheClient() {
    Deployment shadow = new Deployment("p", "candidate", 1, null, java.util.Map.of(), 0, null,
        java.util.Map.of(), 0, 100);
    ModelAlias alias = alias("chat", DEFAULT, Fallbacks.NONE, ranked("a", 0), shadow);
    upstream.then("a", () -> ScriptedStream.of("real")).answers("candidate");
    ModelCatalog catalog = Fixtures.catalog(List.of(alias), upstream);
    DeploymentStates states = new DeploymentStates(List.of(alias), clock);

    List<ChatChunk> got = drain(run(catalog, states, "chat", true, Duration.ofSeconds(60)));

    assertThat(got.get(1).choices().get(0).content()).isEqualTo("real");
    assertThat(upstream.calls).containsExactlyInAnyOrder("a", "candidate");
    List<Shadows.Result> results = states.of("p/candidate").shadowResults();
    assertThat(results).hasSize(1);
    assertThat(results.get(0).ok()).isTrue();
    assertThat(results.get(0).preview()).isEqualTo("candidate");
    assertThat(exchange.attempts()).extracting(Attempt::deployment).containsExactly("p/a");
  }

  private List<ChatChunk> drain(Future<Outcome> f) {
    assertThat(f.succeeded()).as(() -> String.valueOf(f.cause())).isTrue();
    @SuppressWarnings("unchecked")
    UpstreamStream<ChatChunk> stream =
        (UpstreamStream<ChatChunk>) ((Outcome.Streaming) f.result()).stream();
    List<ChatChunk> got = new ArrayList<>();
    boolean[] ended = new boolean[1];
    stream.endHandler(v -> ended[0] = true);
    stream.exceptionHandler(e -> {
      throw new AssertionError(e);
    });
    stream.handler(got::add);
    stream.resume();
    assertThat(ended[0]).isTrue();
    return got;
  }
}
