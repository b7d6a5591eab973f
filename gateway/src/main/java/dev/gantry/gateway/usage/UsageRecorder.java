package dev.gantry.gateway.usage;

import dev.gantry.adapters.model.Usage;
import dev.gantry.config.Price;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.routing.Route;
import dev.gantry.policies.tokens.CompleteUsage;
import dev.gantry.store.Dimension;
import dev.gantry.store.UsageRow;
import dev.gantry.store.UsageStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage per (UTC day, key, team, alias, deployment), added up in memory as answers complete and
 * written to the state store in one batch every {@value #FLUSH_MILLIS} ms (and at close): no
 * write on a request's path. A batch the store refuses is kept for the next flush.
 */
public final class UsageRecorder {

  static final long FLUSH_MILLIS = 5000;

  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);

  private record Group(LocalDate day, String key, String team, String alias, String deployment) {

    /** This group's key, team, alias, deployment or day ({@code level}). */
    String of(Dimension level) {
      if (level == Dimension.KEY) {
        return key;
      }
      if (level == Dimension.TEAM) {
        return team;
      }
      if (level == Dimension.ALIAS) {
        return alias;
      }
      return level == Dimension.DEPLOYMENT ? deployment : day.toString();
    }
  }

  private static final class Totals {
    final LongAdder requests = new LongAdder();
    final LongAdder input = new LongAdder();
    final LongAdder output = new LongAdder();
    final LongAdder cached = new LongAdder();
    final DoubleAdder cost = new DoubleAdder();
  }

  private final Vertx vertx;
  private final UsageStore store;
  private final Clock clock;
  private volatile Map<Group, Totals> pending = new ConcurrentHashMap<>();
  private long timer = -1;

  public UsageRecorder(Vertx vertx, UsageStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  public void start() {
    timer = vertx.setPeriodic(FLUSH_MILLIS, id -> flush());
  }

  /** Counts one answer (its usage as reported or counted, its cost at the deployment's price). */
  public void record(Exchange exchange, Usage usage) {
    Route route = exchange.route().orElse(null);
    if (route == null || usage == null) {
      return;
    }
    Group group = new Group(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC),
        exchange.principal().map(k -> k.name()).orElse(""),
        exchange.principal().map(k -> k.team()).orElse(null),
        route.alias().name(), route.deploymentLabel());
    Totals t = pending.computeIfAbsent(group, g -> new Totals());
    t.requests.increment();
    t.input.add(usage.promptTokens());
    t.output.add(usage.completionTokens());
    t.cached.add(usage.cachedTokens());
    Price price = route.deployment().price();
    if (price != null) {
      t.cost.add(CompleteUsage.cost(price, usage));
    }
  }

  /**
   * The spend counted here and not written yet of the key or team ({@code level}) named
   * {@code name}.
   */
  public double pendingCost(Dimension level, String name) {
    double sum = 0;
    for (Map.Entry<Group, Totals> e : pending.entrySet()) {
      if (name.equals(e.getKey().of(level))) {
        sum += e.getValue().cost.sum();
      }
    }
    return sum;
  }

  /** Writes what was counted since the last flush. */
  public Future<Void> flush() {
    Map<Group, Totals> batch = pending;
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    pending = new ConcurrentHashMap<>();
    List<UsageRow> rows = new ArrayList<>(batch.size());
    batch.forEach((g, t) -> rows.add(new UsageRow(g.day(), g.key(), g.team(), g.alias(),
        g.deployment(), t.requests.sum(), t.input.sum(), t.output.sum(), t.cached.sum(),
        BigDecimal.valueOf(t.cost.sum()))));
    return store.record(rows).onFailure(e -> {
      LOG.warn("recording usage failed, kept for the next flush: {}", e.getMessage());
      batch.forEach((g, t) -> {
        Totals into = pending.computeIfAbsent(g, x -> new Totals());
        into.requests.add(t.requests.sum());
        into.input.add(t.input.sum());
        into.output.add(t.output.sum());
        into.cached.add(t.cached.sum());
        into.cost.add(t.cost.sum());
      });
    });
  }

  /** Stops the timer and writes what is left. */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return flush();
  }
}
