package dev.gantry.store.internal;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The change counter keys and teams share. {@link #next} increments it inside the caller's
 * transaction, which then holds the counter's row lock until it commits: changes commit in
 * version order, so a poller asking for "after n" never misses a change with a smaller version.
 */
final class ChangeClock {

  private ChangeClock() {
  }

  static Future<Long> next(SqlConnection conn) {
    return conn.query("UPDATE state_clock SET version = version + 1 WHERE id = 1").execute()
        .compose(done -> conn.preparedQuery("SELECT version FROM state_clock WHERE id = 1")
            .execute(Tuple.tuple()))
        .map(rows -> Columns.longOf(rows.iterator().next().getValue(0)));
  }
}
