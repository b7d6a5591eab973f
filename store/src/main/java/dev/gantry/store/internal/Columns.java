package dev.gantry.store.internal;

import dev.gantry.config.Limits;
import dev.gantry.store.Budget;
import dev.gantry.store.StoreException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of specs and the columns keys and teams share (limits, budget, metadata), read and
 * written in one fixed order.
 */
final class Columns {

  /** Names of keys and teams: what an admin types and a URL path carries. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
  static final int MAX_JSON = 65536;

  /** The limit and budget columns, in {@link #limitsAndBudget} order. */
  static final String LIMIT_BUDGET = "limit_rpm, limit_tpm, limit_input_tpm, limit_output_tpm,"
      + " limit_concurrent, limit_tokens_per_day, budget_usd, budget_period, budget_hard";

  private Columns() {
  }

  static void checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw StoreException.invalid(what + " name must be 1 to 128 letters, digits or ._:@-"
          + " (starting with a letter or digit)");
    }
  }

  static void checkLimits(Limits l) {
    Long[] all = {l.rpm(), l.tpm(), l.inputTpm(), l.outputTpm(), l.concurrent(),
        l.tokensPerDay()};
    for (Long value : all) {
      if (value != null && value < 1) {
        throw StoreException.invalid("limits must be whole numbers of at least 1");
      }
    }
  }

  static List<String> checkModels(List<String> models) {
    Set<String> seen = new HashSet<>();
    for (String m : models) {
      if (m == null || m.isBlank() || m.length() > 256) {
        throw StoreException.invalid("models must be alias names (1 to 256 characters)");
      }
      if (!seen.add(m)) {
        throw StoreException.invalid("models lists '" + m + "' twice");
      }
    }
    return models;
  }

  static String metadataJson(Map<String, String> metadata) {
    JsonObject json = new JsonObject();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().isBlank() || e.getValue() == null) {
        throw StoreException.invalid("metadata needs non-empty names and string values");
      }
      json.put(e.getKey(), e.getValue());
    }
    String text = json.encode();
    if (text.length() > MAX_JSON) {
      throw StoreException.invalid("metadata must be at most " + MAX_JSON + " characters as JSON");
    }
    return text;
  }

  static String modelsJson(List<String> models) {
    String text = new JsonArray(new ArrayList<Object>(checkModels(models))).encode();
    if (text.length() > MAX_JSON) {
      throw StoreException.invalid("models must be at most " + MAX_JSON + " characters as JSON");
    }
    return text;
  }

  /** The nine values of {@link #LIMIT_BUDGET}. */
  static List<Object> limitsAndBudget(Limits l, Budget b) {
    List<Object> out = new ArrayList<>(9);
    out.add(l.rpm());
    out.add(l.tpm());
    out.add(l.inputTpm());
    out.add(l.outputTpm());
    out.add(l.concurrent());
    out.add(l.tokensPerDay());
    out.add(b == null ? null : b.usd());
    out.add(b == null ? null : b.period().id());
    out.add(b == null ? null : b.hard());
    return out;
  }

  static Limits limits(Row row, int at) {
    return new Limits(longOrNull(row, at), longOrNull(row, at + 1), longOrNull(row, at + 2),
        longOrNull(row, at + 3), longOrNull(row, at + 4), longOrNull(row, at + 5));
  }

  /** The budget whose three columns start at {@code at} (after the six limits). */
  static Budget budget(Row row, int at) {
    BigDecimal usd = decimal(row.getValue(at));
    if (usd == null) {
      return null;
    }
    return new Budget(usd.stripTrailingZeros(), Budget.Period.of(row.getString(at + 1)),
        Boolean.TRUE.equals(row.getValue(at + 2)));
  }

  static Map<String, String> metadata(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    new JsonObject(json).forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    return out;
  }

  static List<String> models(String json) {
    List<String> out = new ArrayList<>();
    new JsonArray(json).forEach(m -> out.add((String) m));
    return out;
  }

  static Long longOrNull(Row row, int at) {
    Object value = row.getValue(at);
    return value == null ? null : ((Number) value).longValue();
  }

  static long longOf(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  static Instant instant(Row row, int at) {
    Long millis = longOrNull(row, at);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  /** NUMERIC as the driver returns it (BigDecimal, or another Number). */
  static BigDecimal decimal(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
  }

  /** DATE as the driver returns it, as an ISO day. */
  static String day(Object value) {
    if (value instanceof java.sql.Date) {
      return ((java.sql.Date) value).toLocalDate().toString();
    }
    return value instanceof LocalDate ? value.toString() : String.valueOf(value);
  }
}
