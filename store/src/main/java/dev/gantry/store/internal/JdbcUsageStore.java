package dev.gantry.store.internal;

import dev.gantry.store.Dimension;
import dev.gantry.store.StoreException;
import dev.gantry.store.UsageRow;
import dev.gantry.store.UsageStore;
import dev.gantry.store.UsageTotal;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link UsageStore} over the {@code usage_daily} table. */
final class JdbcUsageStore implements UsageStore {

  /** Attempts of a batch that lost a race to insert the same new row (H2's MERGE). */
  private static final int ATTEMPTS = 5;

  private final Pool pool;
  private final Dialect dialect;

  JdbcUsageStore(Pool pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  @Override
  public Future<Void> record(List<UsageRow> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    return add(summed(rows), ATTEMPTS);
  }

  private Future<Void> add(List<Tuple> batch, int attempts) {
    return pool.withTransaction(conn -> conn.preparedQuery(dialect.addUsage()).executeBatch(batch))
        .<Void>mapEmpty()
        .recover(error -> attempts > 1 && Failures.UNIQUE_VIOLATION.equals(
            Failures.sqlState(error)) ? add(batch, attempts - 1) : Future.failedFuture(error));
  }

  /**
   * One tuple per distinct (day, key, team, alias, deployment), in that order: a statement never
   * touches a row twice, and concurrent batches lock rows in the same order (no deadlock).
   */
  private static List<Tuple> summed(List<UsageRow> rows) {
    Map<List<Object>, UsageRow> sums = new TreeMap<>(JdbcUsageStore::compareKeys);
    for (UsageRow row : rows) {
      List<Object> key = List.of(row.day(), row.keyId(), row.team(), row.alias(),
          row.deployment());
      sums.merge(key, row, JdbcUsageStore::plus);
    }
    List<Tuple> out = new ArrayList<>(sums.size());
    for (UsageRow r : sums.values()) {
      out.add(Tuple.of(r.day(), r.keyId(), r.team(), r.alias(), r.deployment(), r.requests(),
          r.inputTokens(), r.outputTokens(), r.cachedTokens()).addValue(r.costUsd()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static int compareKeys(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = ((Comparable<Object>) a.get(i)).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static UsageRow plus(UsageRow a, UsageRow b) {
    return new UsageRow(a.day(), a.keyId(), a.team(), a.alias(), a.deployment(),
        a.requests() + b.requests(), a.inputTokens() + b.inputTokens(),
        a.outputTokens() + b.outputTokens(), a.cachedTokens() + b.cachedTokens(),
        a.costUsd().add(b.costUsd()));
  }

  @Override
  public Future<List<UsageTotal>> query(LocalDate from, LocalDate to, Dimension groupBy) {
    if (from == null || to == null || from.isAfter(to)) {
      return Future.failedFuture(StoreException.invalid("from must be a day on or before to"));
    }
    String column = groupBy.column();
    return pool.preparedQuery("SELECT " + column + ", SUM(requests), SUM(input_tokens),"
            + " SUM(output_tokens), SUM(cached_tokens), SUM(cost_usd) FROM usage_daily"
            + " WHERE usage_day >= ? AND usage_day <= ? GROUP BY " + column + " ORDER BY " + column)
        .execute(Tuple.of(from, to))
        .map(rows -> totals(rows, groupBy));
  }

  private static List<UsageTotal> totals(RowSet<Row> rows, Dimension groupBy) {
    List<UsageTotal> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      String group = groupBy == Dimension.DAY ? Columns.day(row.getValue(0)) : row.getString(0);
      out.add(new UsageTotal(group, Columns.longOf(row.getValue(1)),
          Columns.longOf(row.getValue(2)), Columns.longOf(row.getValue(3)),
          Columns.longOf(row.getValue(4)), Columns.decimal(row.getValue(5)).stripTrailingZeros()));
    }
    return out;
  }

  @Override
  public Future<BigDecimal> spend(Dimension who, String value, LocalDate since) {
    if (who == Dimension.DAY || value == null || since == null) {
      return Future.failedFuture(StoreException.invalid(
          "spend is of a key, team, alias or deployment, since a day"));
    }
    return pool.preparedQuery("SELECT SUM(cost_usd) FROM usage_daily WHERE " + who.column()
            + " = ? AND usage_day >= ?")
        .execute(Tuple.of(value, since))
        .map(rows -> {
          BigDecimal sum = Columns.decimal(rows.iterator().next().getValue(0));
          return sum == null ? BigDecimal.ZERO : sum.stripTrailingZeros();
        });
  }
}
