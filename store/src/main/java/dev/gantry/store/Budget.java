package dev.gantry.store;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * A spending cap in USD per calendar day or month (UTC).
 *
 * @param usd the cap: more than 0, at most 6 decimals
 * @param hard true: requests are refused once it is reached; false: they are only reported
 */
public record Budget(BigDecimal usd, Period period, boolean hard) {

  /** The largest cap accepted (the column holds 12 integer digits). */
  public static final BigDecimal MAX = new BigDecimal("999999999999");

  /** The window a budget counts spend over. */
  public enum Period {
    DAY, MONTH;

    /** The name stored and shown: {@code day} or {@code month}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The period named {@code id}; a {@link StoreException} for any other. */
    public static Period of(String id) {
      for (Period p : values()) {
        if (p.id().equals(id)) {
          return p;
        }
      }
      throw StoreException.invalid("budget period must be day or month, not '" + id + "'");
    }
  }

  /** Checks the amount: a {@link StoreException} (400) when it is not a positive USD amount. */
  public Budget {
    Objects.requireNonNull(period, "period");
    if (usd == null || usd.signum() <= 0) {
      throw StoreException.invalid("budget usd must be more than 0");
    }
    if (usd.stripTrailingZeros().scale() > 6) {
      throw StoreException.invalid("budget usd takes at most 6 decimals");
    }
    if (usd.compareTo(MAX) > 0) {
      throw StoreException.invalid("budget usd must be at most " + MAX.toPlainString());
    }
  }
}
