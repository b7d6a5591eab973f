package dev.gantry.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.testing.MutableClock;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.Price;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.routing.Route;
import dev.gantry.store.Budget;
import dev.gantry.store.Dimension;
import dev.gantry.store.UsageRow;
import dev.gantry.store.UsageStore;
import dev.gantry.store.UsageTotal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The budget stage on its own: key and team caps checked by one piece of code, from stored spend
 * (a fake store) plus the recorder's unwritten spend, on a clock moved by hand.
 */
class EnforceBudgetTest {

  private static final ProviderAdapter NOTHING = () -> Set.<Capability>of();
  private static final ModelAlias CHAT = new ModelAlias("chat", ModelKind.CHAT,
      List.of(new Deployment("p", "m", 1, null, Map.of(), 0, new Price(1.0, 2.0, 0.5), Map.of(),
          0, 0)), null);
  /** Costs exactly $1 at the deployment's price (1 USD per million input tokens). */
  private static final Usage ONE_DOLLAR = Usage.of(1_000_000, 0);
  private static final ApiKey ALICE = key("alice", "search");
  private static final ApiKey BOB = key("bob", "search");

  private final Vertx vertx = Vertx.vertx();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T10:00:00Z"));
  private final FakeUsage stored = new FakeUsage();
  private final UsageRecorder recorder = new UsageRecorder(vertx, stored, clock);
  private final Map<String, Budget> keyBudgets = new HashMap<>();
  private final Map<String, Budget> teamBudgets = new HashMap<>();
  private final EnforceBudget stage = new EnforceBudget(this::budget, stored, recorder, clock);

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Optional<Budget> budget(Dimension level, String name) {
    return Optional.ofNullable((level == Dimension.KEY ? keyBudgets : teamBudgets).get(name));
  }

  private static ApiKey key(String name, String team) {
    return new ApiKey(name, SecretRef.literal("sk-secret-of-" + name), null, List.of(), false,
        team, null);
  }

  private static Budget daily(String usd, boolean hard) {
    return new Budget(new BigDecimal(usd), Budget.Period.DAY, hard);
  }

  private static Exchange exchange(ApiKey key) {
    Exchange exchange = new Exchange("req", new ApiCall.Chat(ChatRequest.of("chat",
        List.of(Message.user("hi")))), "sk-secret-of-" + key.name(), System.nanoTime());
    exchange.authenticate(key);
    exchange.route(new Route(CHAT, CHAT.deployments().get(0), new ProviderSettings.Local("p", 1,
        1), NOTHING, Duration.ofSeconds(5)));
    return exchange;
  }

  /** Runs the stage; the answer's usage is recorded as the gateway does. */
  private Exchange run(Exchange exchange) throws Exception {
    stage.apply(exchange, e -> {
      recorder.record(e, ONE_DOLLAR);
      return Future.succeededFuture(Outcome.completed(null));
    }).await(10, TimeUnit.SECONDS);
    return exchange;
  }

  private GatewayException refused(ApiKey key) {
    try {
      run(exchange(key));
    } catch (GatewayException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("not a GatewayException", e);
    }
    throw new AssertionError(key.name() + " was let through");
  }

  @Test
  void apply_noBudgets_proceedsUnmarked() throws Exception {
    assertThat(run(exchange(ALICE)).headers()).doesNotContainKey("x-gantry-budget-exceeded");
    assertThat(stored.reads).isEmpty();
  }

  @Test
  void apply_teamHardBudgetReachedInStore_refusesEveryKeyOfTheTeam() {
    teamBudgets.put("search", daily("5", true));
    stored.spend.put("team:search", new BigDecimal("5"));

    for (ApiKey k : List.of(ALICE, BOB)) {
      GatewayException e = refused(k);
      assertThat(e.kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
      assertThat(e.getMessage()).isEqualTo("The daily budget of team search ($5) is used up;"
          + " it renews at the start of the next day (UTC).").doesNotContain("sk-");
    }
  }

  @Test
  void apply_teamHardBudget_countsUnwrittenSpendOfAllItsKeys() throws Exception {
    teamBudgets.put("search", daily("2", true));

    run(exchange(ALICE)); // $1 unwritten
    run(exchange(BOB)); // $2 unwritten: the team's cap

    assertThat(refused(ALICE).getMessage()).startsWith("The daily budget of team search ($2)");
    assertThat(refused(BOB).getMessage()).startsWith("The daily budget of team search ($2)");
    assertThat(run(exchange(key("carol", "other"))).headers())
        .doesNotContainKey("x-gantry-budget-exceeded");
  }

  @Test
  void apply_teamSoftBudget_onlyMarks() throws Exception {
    teamBudgets.put("search", daily("1", false));

    assertThat(run(exchange(ALICE)).headers()).doesNotContainKey("x-gantry-budget-exceeded");
    assertThat(run(exchange(BOB)).headers()).containsEntry("x-gantry-budget-exceeded", "true");
    assertThat(run(exchange(ALICE)).headers()).containsEntry("x-gantry-budget-exceeded", "true");
  }

  @Test
  void apply_keyAndTeamBothReached_theKeysCapRefusesFirst() {
    keyBudgets.put("alice", daily("3", true));
    teamBudgets.put("search", daily("3", true));
    stored.spend.put("key:alice", new BigDecimal("3"));
    stored.spend.put("team:search", new BigDecimal("3"));

    assertThat(refused(ALICE).getMessage()).startsWith("The daily budget of key alice ($3)");
    assertThat(refused(BOB).getMessage()).startsWith("The daily budget of team search ($3)");
  }

  @Test
  void apply_softKeyCapReached_hardTeamCapStillRefuses() throws Exception {
    keyBudgets.put("alice", daily("1", false));
    teamBudgets.put("search", daily("10", true));
    stored.spend.put("key:alice", new BigDecimal("1"));

    assertThat(run(exchange(ALICE)).headers()).containsEntry("x-gantry-budget-exceeded", "true");
    stored.spend.put("team:search", new BigDecimal("10"));
    clock.advance(Duration.ofMillis(EnforceBudget.FRESH_MILLIS + 1));
    run(exchange(BOB)); // answered from the cache, refreshing it for the next request

    assertThat(refused(ALICE).getMessage()).startsWith("The daily budget of team search ($10)");
  }

  @Test
  void apply_monthlyTeamBudget_readsSpendSinceTheFirstOfTheMonth() throws Exception {
    teamBudgets.put("search", new Budget(BigDecimal.TEN, Budget.Period.MONTH, true));
    keyBudgets.put("alice", daily("10", true));

    run(exchange(ALICE));

    assertThat(stored.reads).containsExactlyInAnyOrder("key:alice@2026-03-14",
        "team:search@2026-03-01");
  }

  @Test
  void apply_storedSpend_isReadAtMostEveryFreshInterval() throws Exception {
    teamBudgets.put("search", daily("100", true));

    run(exchange(ALICE));
    run(exchange(BOB));
    clock.advance(Duration.ofMillis(EnforceBudget.FRESH_MILLIS));
    run(exchange(ALICE));
    assertThat(stored.reads).hasSize(1);

    clock.advance(Duration.ofMillis(1));
    run(exchange(BOB));
    assertThat(stored.reads).hasSize(2);
  }

  /** Stored spend by {@code level:name}; every read noted as {@code level:name@since}. */
  private static final class FakeUsage implements UsageStore {

    final Map<String, BigDecimal> spend = new HashMap<>();
    final List<String> reads = new ArrayList<>();

    @Override
    public Future<Void> record(List<UsageRow> rows) {
      return Future.succeededFuture();
    }

    @Override
    public Future<List<UsageTotal>> query(LocalDate from, LocalDate to, Dimension groupBy) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<BigDecimal> spend(Dimension who, String value, LocalDate since) {
      String id = who.name().toLowerCase(java.util.Locale.ROOT) + ":" + value;
      reads.add(id + "@" + since);
      return Future.succeededFuture(spend.getOrDefault(id, BigDecimal.ZERO));
    }
  }
}
