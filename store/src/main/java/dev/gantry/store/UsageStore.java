package dev.gantry.store;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Usage summed per day and (key, team, alias, deployment). Gateways buffer usage and write it in
 * batches; any number of them may write at once, and every row adds to the totals.
 */
public interface UsageStore {

  /** Adds every row to its day's totals, in one transaction. */
  Future<Void> record(List<UsageRow> rows);

  /** Totals from {@code from} to {@code to} (both included), one per group, by group. */
  Future<List<UsageTotal>> query(LocalDate from, LocalDate to, Dimension groupBy);

  /**
   * What {@code value} of {@code who} (a key id, team, alias or deployment) spent from
   * {@code since} (included) on: a budget check passes the start of the budget's day or month.
   */
  Future<BigDecimal> spend(Dimension who, String value, LocalDate since);
}
