package dev.gantry.store.internal;

import dev.gantry.store.StoreException;
import io.vertx.core.Future;
import java.sql.SQLException;
import java.util.function.Function;

/** Turns the database's constraint errors into {@link StoreException}s. */
final class Failures {

  static final String UNIQUE_VIOLATION = "23505";
  static final String FOREIGN_KEY_VIOLATION = "23503";
  /** H2's state for a row naming a parent that does not exist (PostgreSQL uses 23503). */
  static final String FOREIGN_KEY_MISSING = "23506";
  static final String STRING_TOO_LONG = "22001";

  private Failures() {
  }

  /** The SQLSTATE of the first {@link SQLException} in the cause chain, or null. */
  static String sqlState(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        return ((SQLException) t).getSQLState();
      }
    }
    return null;
  }

  /** A mapper for {@code Future.recover}: {@code state} becomes {@code replacement}. */
  static <T> Function<Throwable, Future<T>> on(String state, StoreException replacement) {
    return error -> Future.failedFuture(state.equals(sqlState(error)) ? replacement : error);
  }
}
