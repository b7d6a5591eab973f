package dev.gantry.sdk.admin;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * A spending cap in US dollars per UTC day or month, at the deployments' prices. A hard cap
 * refuses requests once reached (429 {@code insufficient_quota}); a soft one only marks answers
 * ({@code x-gantry-budget-exceeded: true}).
 *
 * <pre>{@code
 * Budget.perMonth(new BigDecimal("250"));        // hard
 * Budget.perDay(new BigDecimal("10")).soft();
 * }</pre>
 *
 * @param usd the cap, more than 0
 * @param period the window spend is counted over
 * @param hard whether requests are refused once the cap is reached
 */
public record Budget(BigDecimal usd, Period period, boolean hard) {

  /** Checks the amount and period. */
  public Budget {
    Objects.requireNonNull(usd, "usd");
    Objects.requireNonNull(period, "period");
    if (usd.signum() <= 0) {
      throw new IllegalArgumentException("usd must be more than 0: " + usd);
    }
  }

  /** A hard cap per UTC day. */
  public static Budget perDay(BigDecimal usd) {
    return new Budget(usd, Period.DAY, true);
  }

  /** A hard cap per UTC month. */
  public static Budget perMonth(BigDecimal usd) {
    return new Budget(usd, Period.MONTH, true);
  }

  /** This cap, soft: answers are marked, never refused. */
  public Budget soft() {
    return new Budget(usd, period, false);
  }

  /** The window a budget counts spend over. */
  public enum Period {
    /** A UTC day. */
    DAY,
    /** A UTC calendar month. */
    MONTH;

    /** The name on the wire: {@code day} or {@code month}. */
    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
