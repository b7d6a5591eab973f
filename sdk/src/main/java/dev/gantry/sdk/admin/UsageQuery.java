package dev.gantry.sdk.admin;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Which usage to sum: UTC days {@code from} to {@code to} (both included), per
 * {@link UsageGroupBy}.
 *
 * <pre>{@code
 * UsageQuery.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), UsageGroupBy.TEAM);
 * }</pre>
 *
 * @param from the first day
 * @param to the last day, not before {@code from}
 * @param groupBy what the totals are per
 */
public record UsageQuery(LocalDate from, LocalDate to, UsageGroupBy groupBy) {

  /** Checks the days are present and in order. */
  public UsageQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(groupBy, "groupBy");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
    }
  }

  /** Days {@code from} to {@code to}, both included. */
  public static UsageQuery of(LocalDate from, LocalDate to, UsageGroupBy groupBy) {
    return new UsageQuery(from, to, groupBy);
  }

  /** One day. */
  public static UsageQuery day(LocalDate day, UsageGroupBy groupBy) {
    return new UsageQuery(day, day, groupBy);
  }

  /** Today, UTC (by this machine's clock). */
  public static UsageQuery today(UsageGroupBy groupBy) {
    return day(LocalDate.now(ZoneOffset.UTC), groupBy);
  }
}
