package dev.gantry.gateway.usage;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ApiKey;
import dev.gantry.gateway.admin.StoredKeys;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Next;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Stage;
import dev.gantry.store.Budget;
import dev.gantry.store.Dimension;
import dev.gantry.store.UsageStore;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budgets of virtual keys: a key whose spend in its budget's period (UTC day or month, from the
 * state store's usage plus what this gateway has not written yet) has reached its cap is refused
 * with 429 {@code insufficient_quota} when the budget is hard; a soft budget only marks answers
 * with {@code x-gantry-budget-exceeded: true}. The stored spend is read at most every
 * {@value #FRESH_MILLIS} ms per key, off the request's path once known.
 */
public final class EnforceBudget implements Stage {

  static final long FRESH_MILLIS = 2000;

  private record Spend(BigDecimal usd, long atMillis, LocalDate since) {}

  private final StoredKeys keys;
  private final UsageStore usage;
  private final UsageRecorder recorder;
  private final Clock clock;
  private final Map<String, Spend> spent = new ConcurrentHashMap<>();

  public EnforceBudget(StoredKeys keys, UsageStore usage, UsageRecorder recorder, Clock clock) {
    this.keys = keys;
    this.usage = usage;
    this.recorder = recorder;
    this.clock = clock;
  }

  @Override
  public Future<Outcome> apply(Exchange exchange, Next next) {
    ApiKey key = exchange.principal().orElse(null);
    Budget budget = key == null ? null : keys.budget(key.name());
    if (budget == null) {
      return next.proceed(exchange);
    }
    return spend(key.name(), budget).compose(usd -> {
      if (usd.compareTo(budget.usd()) >= 0) {
        if (budget.hard()) {
          return Future.failedFuture(new GatewayException(ErrorKind.BUDGET_EXCEEDED,
              "The " + (budget.period() == Budget.Period.DAY ? "daily" : "monthly")
                  + " budget of key " + key.name() + " ($"
                  + budget.usd().toPlainString() + ") is used up; it renews at the start of the"
                  + " next " + budget.period().id() + " (UTC)."));
        }
        exchange.headers().put("x-gantry-budget-exceeded", "true");
      }
      return next.proceed(exchange);
    });
  }

  /** Spend since the start of the budget's period: stored (cached) plus unwritten. */
  private Future<BigDecimal> spend(String key, Budget budget) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate since = budget.period() == Budget.Period.DAY ? today : today.withDayOfMonth(1);
    BigDecimal unwritten = BigDecimal.valueOf(recorder.pendingCost(key));
    Spend cached = spent.get(key);
    long now = clock.millis();
    if (cached != null && cached.since().equals(since)) {
      if (now - cached.atMillis() > FRESH_MILLIS) {
        refresh(key, since, now); // answer from the cache; the next request sees the new value
      }
      return Future.succeededFuture(cached.usd().add(unwritten));
    }
    return refresh(key, since, now).map(usd -> usd.add(unwritten));
  }

  private Future<BigDecimal> refresh(String key, LocalDate since, long now) {
    return usage.spend(Dimension.KEY, key, since)
        .onSuccess(usd -> spent.put(key, new Spend(usd, now, since)));
  }
}
