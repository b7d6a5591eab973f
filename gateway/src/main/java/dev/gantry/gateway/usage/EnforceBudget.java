package dev.gantry.gateway.usage;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ApiKey;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Next;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Stage;
import dev.gantry.store.Budget;
import dev.gantry.store.Dimension;
import dev.gantry.store.UsageStore;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budgets of virtual keys and of their teams, checked the same way at both levels: a key or team
 * whose spend in its budget's period (UTC day or month, from the state store's usage plus what
 * this gateway has not written yet) has reached its cap refuses the request with 429
 * {@code insufficient_quota} when the budget is hard; a soft budget only marks answers with
 * {@code x-gantry-budget-exceeded: true}. A team's spend is that of all its keys. Both caps apply:
 * the key's is looked at first, and the first hard cap reached refuses. The stored spend is read at
 * most every {@value #FRESH_MILLIS} ms per key or team, off the request's path once known.
 */
public final class EnforceBudget implements Stage {

  static final long FRESH_MILLIS = 2000;
  static final String EXCEEDED_HEADER = "x-gantry-budget-exceeded";

  /** Whose spend is capped: a key or a team, by name. */
  private record Payer(Dimension level, String name) {}

  private record Cap(Payer payer, Budget budget) {}

  private record Spend(BigDecimal usd, long atMillis, LocalDate since) {}

  private final Budgets budgets;
  private final UsageStore usage;
  private final UsageRecorder recorder;
  private final Clock clock;
  private final Map<Payer, Spend> spent = new ConcurrentHashMap<>();

  public EnforceBudget(Budgets budgets, UsageStore usage, UsageRecorder recorder, Clock clock) {
    this.budgets = budgets;
    this.usage = usage;
    this.recorder = recorder;
    this.clock = clock;
  }

  @Override
  public Future<Outcome> apply(Exchange exchange, Next next) {
    List<Cap> caps = exchange.principal().map(this::caps).orElse(List.of());
    if (caps.isEmpty()) {
      return next.proceed(exchange);
    }
    List<Future<BigDecimal>> spends = new ArrayList<>(caps.size());
    caps.forEach(cap -> spends.add(spend(cap)));
    return Future.all(spends).compose(all -> judge(exchange, caps, all))
        .compose(v -> next.proceed(exchange));
  }

  /** The key's cap, then its team's: those that exist. */
  private List<Cap> caps(ApiKey key) {
    List<Cap> caps = new ArrayList<>(2);
    budgets.of(Dimension.KEY, key.name())
        .ifPresent(b -> caps.add(new Cap(new Payer(Dimension.KEY, key.name()), b)));
    if (key.team() != null) {
      budgets.of(Dimension.TEAM, key.team())
          .ifPresent(b -> caps.add(new Cap(new Payer(Dimension.TEAM, key.team()), b)));
    }
    return caps;
  }

  /** Refuses at the first hard cap reached; marks the answer when only soft caps are. */
  private Future<Void> judge(Exchange exchange, List<Cap> caps, CompositeFuture spends) {
    for (int i = 0; i < caps.size(); i++) {
      Cap cap = caps.get(i);
      BigDecimal usd = spends.resultAt(i);
      if (usd.compareTo(cap.budget().usd()) >= 0) {
        if (cap.budget().hard()) {
          return Future.failedFuture(refusal(cap));
        }
        exchange.headers().put(EXCEEDED_HEADER, "true");
      }
    }
    return Future.succeededFuture();
  }

  private static GatewayException refusal(Cap cap) {
    Budget budget = cap.budget();
    return new GatewayException(ErrorKind.BUDGET_EXCEEDED, "The "
        + (budget.period() == Budget.Period.DAY ? "daily" : "monthly") + " budget of "
        + cap.payer().level().name().toLowerCase(Locale.ROOT) + " " + cap.payer().name()
        + " ($" + budget.usd().toPlainString() + ") is used up; it renews at the start of the next "
        + budget.period().id() + " (UTC).");
  }

  /** Spend since the start of the budget's period: stored (cached) plus unwritten. */
  private Future<BigDecimal> spend(Cap cap) {
    Payer payer = cap.payer();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate since = cap.budget().period() == Budget.Period.DAY ? today
        : today.withDayOfMonth(1);
    BigDecimal unwritten = BigDecimal.valueOf(recorder.pendingCost(payer.level(), payer.name()));
    Spend cached = spent.get(payer);
    long now = clock.millis();
    if (cached != null && cached.since().equals(since)) {
      if (now - cached.atMillis() > FRESH_MILLIS) {
        refresh(payer, since, now); // answer from the cache; the next request sees the new value
      }
      return Future.succeededFuture(cached.usd().add(unwritten));
    }
    return refresh(payer, since, now).map(usd -> usd.add(unwritten));
  }

  private Future<BigDecimal> refresh(Payer payer, LocalDate since, long now) {
    return usage.spend(payer.level(), payer.name(), since)
        .onSuccess(usd -> spent.put(payer, new Spend(usd, now, since)));
  }
}
