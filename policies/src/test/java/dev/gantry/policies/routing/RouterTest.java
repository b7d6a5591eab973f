package dev.gantry.policies.routing;

import static dev.gantry.policies.routing.Fixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gantry.config.Deployment;
import dev.gantry.config.Fallbacks;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.Price;
import dev.gantry.config.Routing;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each strategy's choices over many requests, on a seeded random source and a hand-driven clock. */
class RouterTest {

  private static final int N = 20_000;
  private static final Router.Estimate SMALL = new Router.Estimate(1000, 100);

  private final Fixtures.ManualClock clock = new Fixtures.ManualClock();

  private static ModelAlias alias(Routing.Strategy strategy, Deployment... deployments) {
    return new ModelAlias("chat", ModelKind.CHAT, List.of(deployments), null, null,
        new Routing(strategy, 3, Duration.ofMillis(100), Duration.ofSeconds(1),
            Routing.Breaker.DEFAULTS, null, Duration.ofSeconds(10), null), Fallbacks.NONE);
  }

  private record Setup(Router router, DeploymentStates states, ModelAlias alias, List<Route> routes) {}

  private Setup setup(ModelAlias alias) {
    DeploymentStates states = new DeploymentStates(List.of(alias), clock);
    return new Setup(new Router(states, new Random(42)), states, alias,
        Fixtures.catalog(List.of(alias), Fixtures.NOTHING).routes("chat"));
  }

  private static String first(Setup s, boolean stream) {
    return s.router.order(s.alias, s.routes, SMALL, stream).get(0).deployment().model();
  }

  private static Map<String, Integer> firsts(Setup s, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(first(s, false), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void weighted_leadsInProportionToWeights_andListsEveryDeployment() {
    Setup s = setup(alias(Routing.Strategy.WEIGHTED, deployment("a", 3), deployment("b", 1)));

    Map<String, Integer> counts = firsts(s, N);

    assertThat(counts.get("a") / (double) N).isCloseTo(0.75, within(0.02));
    assertThat(s.router.order(s.alias, s.routes, SMALL, false)).hasSize(2);
  }

  @Test
  void roundRobin_takesEachInTurn() {
    Setup s = setup(alias(Routing.Strategy.ROUND_ROBIN, deployment("a", 1), deployment("b", 1),
        deployment("c", 1)));

    assertThat(List.of(first(s, false), first(s, false), first(s, false), first(s, false)))
        .containsExactly("a", "b", "c", "a");
  }

  @Test
  void leastOutstanding_prefersTheDeploymentWithFewestCallsInFlight() {
    Setup s = setup(alias(Routing.Strategy.LEAST_OUTSTANDING, deployment("a", 1),
        deployment("b", 1)));
    s.states.of("p/a").tryAcquire();
    s.states.of("p/a").tryAcquire();
    s.states.of("p/b").tryAcquire();

    assertThat(firsts(s, 200)).containsOnlyKeys("b");
    s.states.of("p/a").release();
    s.states.of("p/a").release();
    assertThat(firsts(s, 200)).containsOnlyKeys("a");
  }

  @Test
  void lowestLatency_movesAwayFromASlowDeployment_andComesBackAfterItRecovers() {
    Setup s = setup(alias(Routing.Strategy.LOWEST_LATENCY, deployment("a", 1),
        deployment("b", 1)));
    DeploymentState a = s.states.of("p/a");
    DeploymentState b = s.states.of("p/b");
    a.onSuccess(100, false, true);
    b.onSuccess(300, false, true);
    assertThat(firsts(s, 100)).containsOnlyKeys("a");

    for (int i = 0; i < 10; i++) {
      a.onSuccess(2000, false, true); // a slows down
      b.onSuccess(300, false, true);
    }
    assertThat(firsts(s, 100)).containsOnlyKeys("b");

    // a gets no traffic; b keeps answering in 300 ms; a's stale average fades (half-life 10 s)
    for (int second = 0; second < 60; second++) {
      clock.advance(Duration.ofSeconds(1));
      b.onSuccess(300, false, true);
    }
    assertThat(first(s, false)).as("a is tried again").isEqualTo("a");
    a.onSuccess(120, false, true); // and it has recovered
    assertThat(firsts(s, 100)).containsOnlyKeys("a");
  }

  @Test
  void lowestLatency_streamsCompareTimeToFirstToken() {
    Setup s = setup(alias(Routing.Strategy.LOWEST_LATENCY, deployment("a", 1),
        deployment("b", 1)));
    s.states.of("p/a").onSuccess(100, true, true);   // fast first token
    s.states.of("p/b").onSuccess(900, true, true);
    s.states.of("p/a").onSuccess(5000, false, true); // but long answers
    s.states.of("p/b").onSuccess(1000, false, true);

    assertThat(first(s, true)).isEqualTo("a");
    assertThat(first(s, false)).isEqualTo("b");
  }

  @Test
  void lowestCost_ordersByThePriceOfThisRequest_unpricedLast() {
    Deployment cheapIn = new Deployment("p", "cheap-in", 1, null, Map.of(), 0,
        new Price(0.1, 10, 0.1), Map.of(), 0, 0);
    Deployment cheapOut = new Deployment("p", "cheap-out", 1, null, Map.of(), 0,
        new Price(2, 0.5, 2), Map.of(), 0, 0);
    Setup s = setup(alias(Routing.Strategy.LOWEST_COST, deployment("unpriced", 1), cheapIn,
        cheapOut));

    List<Route> longPrompt = s.router.order(s.alias, s.routes, new Router.Estimate(100_000, 10),
        false);
    List<Route> longAnswer = s.router.order(s.alias, s.routes, new Router.Estimate(10, 100_000),
        false);

    assertThat(longPrompt).extracting(r -> r.deployment().model())
        .containsExactly("cheap-in", "cheap-out", "unpriced");
    assertThat(longAnswer).extracting(r -> r.deployment().model())
        .containsExactly("cheap-out", "cheap-in", "unpriced");
  }

  @Test
  void priority_lowestFirst_tiesByWeight() {
    Deployment primary = new Deployment("p", "primary", 1, null, Map.of(), 0, null, Map.of(), 0, 0);
    Deployment backupA = new Deployment("p", "backup-a", 1, null, Map.of(), 1, null, Map.of(), 0, 0);
    Deployment backupB = new Deployment("p", "backup-b", 1, null, Map.of(), 1, null, Map.of(), 0, 0);
    Setup s = setup(alias(Routing.Strategy.PRIORITY, backupA, primary, backupB));

    Map<String, Integer> second = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      List<Route> order = s.router.order(s.alias, s.routes, SMALL, false);
      assertThat(order.get(0).deployment().model()).isEqualTo("primary");
      second.merge(order.get(1).deployment().model(), 1, Integer::sum);
    }
    assertThat(second.get("backup-a") / 2000.0).isCloseTo(0.5, within(0.05));
  }

  @Test
  void trafficPercent_sendsItsShareToTheCandidateFirst() {
    Deployment candidate = new Deployment("p", "candidate", 1, null, Map.of(), 0, null, Map.of(),
        10, 0);
    Setup s = setup(alias(Routing.Strategy.ROUND_ROBIN, deployment("a", 1), deployment("b", 1),
        candidate));

    Map<String, Integer> counts = firsts(s, N);

    assertThat(counts.get("candidate") / (double) N).isCloseTo(0.10, within(0.01));
    assertThat(counts.get("a") / (double) N).isCloseTo(0.45, within(0.02));
    assertThat(s.router.order(s.alias, s.routes, SMALL, false)).as("it stays a failover target")
        .hasSize(3);
  }
}
