package dev.gantry.store.internal;

import dev.gantry.store.StoreException;
import dev.gantry.store.admin.AdminStore;
import dev.gantry.store.admin.AuditEntry;
import dev.gantry.store.admin.RoutingVersion;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link AdminStore} over {@code routing_versions} and {@code audit_log}. Saving a routing version
 * is a compare-and-set on the newest version, decided by the database: the new row's version is
 * the expected one plus one, and its primary key lets only one of two concurrent savers insert it
 * (the other's insert fails, or it sees the newer version first); the audit entry shares the
 * transaction. Every write runs in {@code withTransaction}, even a single statement:
 * vertx-jdbc-client 5.0.8 leaves a pooled connection without auto-commit after a transaction
 * (vert-x3/vertx-jdbc-client#356), so a bare write there would never be committed.
 */
final class JdbcAdminStore implements AdminStore {

  private static final String ROUTING_COLUMNS = "version, document, author, created_at, summary,"
      + " rollback_of";
  private static final String SELECT_ROUTING = "SELECT " + ROUTING_COLUMNS
      + " FROM routing_versions";
  private static final String INSERT_ROUTING = "INSERT INTO routing_versions (" + ROUTING_COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?)";
  private static final String NEWEST = " ORDER BY version DESC FETCH FIRST ? ROWS ONLY";
  private static final String AUDIT_COLUMNS = "seq, at, actor, action, target, before, after,"
      + " request_id";
  private static final String INSERT_AUDIT = "INSERT INTO audit_log (at, actor, action, target,"
      + " before, after, request_id) VALUES (?, ?, ?, ?, ?, ?, ?)";

  private final Pool pool;
  private final Clock clock;

  JdbcAdminStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  // --- routing

  @Override
  public Future<Optional<RoutingVersion>> currentRouting() {
    return pool.preparedQuery(SELECT_ROUTING + NEWEST).execute(Tuple.of(1))
        .map(rows -> JdbcFineTuneStore.all(rows, JdbcAdminStore::routing).stream().findFirst());
  }

  /**
   * {@inheritDoc} The version's created_at is the store's clock; the audit entry's seq is
   * assigned by the store. A {@code rollbackOf} naming no version fails as not found.
   */
  @Override
  public Future<Optional<RoutingVersion>> saveRouting(long expectedVersion, String document,
      String author, String summary, Long rollbackOf, AuditEntry audit) {
    if (expectedVersion < 0) {
      return Future.failedFuture(StoreException.invalid("the expected version must be at least 0"));
    }
    if (audit == null) {
      return Future.failedFuture(StoreException.invalid(
          "a routing version is saved with its audit entry"));
    }
    RoutingVersion next;
    try {
      next = new RoutingVersion(expectedVersion + 1, document, author, clock.millis(), summary,
          rollbackOf);
    } catch (NullPointerException e) {
      return Future.failedFuture(StoreException.invalid(
          "a routing version needs a document, an author and a summary"));
    }
    return pool.withTransaction(conn -> insertIfNewest(conn, next, audit))
        .recover(error -> Failures.UNIQUE_VIOLATION.equals(Failures.sqlState(error))
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(error))
        .recover(error -> Failures.FOREIGN_KEY_VIOLATION.equals(Failures.sqlState(error))
            || Failures.FOREIGN_KEY_MISSING.equals(Failures.sqlState(error))
            ? Future.failedFuture(StoreException.notFound("routing version " + rollbackOf
                + " does not exist"))
            : Future.failedFuture(error))
        .recover(tooLong());
  }

  /**
   * The compare-and-set: nothing when the newest version is not the one before {@code next};
   * else {@code next} and the audit entry. A concurrent saver of the same version makes the
   * insert fail with a unique violation (PostgreSQL and H2 wait for the other's commit first).
   */
  private static Future<Optional<RoutingVersion>> insertIfNewest(SqlConnection conn,
      RoutingVersion next, AuditEntry audit) {
    return conn.preparedQuery("SELECT MAX(version) FROM routing_versions").execute()
        .compose(rows -> Columns.longOf(rows.iterator().next().getValue(0)) != next.version() - 1
            ? Future.succeededFuture(Optional.empty())
            : conn.preparedQuery(INSERT_ROUTING)
                .execute(Tuple.from(Arrays.<Object>asList(next.version(), next.document(),
                    next.author(), next.createdAt(), next.summary(), next.rollbackOf())))
                .compose(done -> append(conn, audit))
                .map(done -> Optional.of(next)));
  }

  @Override
  public Future<Optional<RoutingVersion>> routing(long version) {
    return pool.preparedQuery(SELECT_ROUTING + " WHERE version = ?").execute(Tuple.of(version))
        .map(rows -> JdbcFineTuneStore.all(rows, JdbcAdminStore::routing).stream().findFirst());
  }

  @Override
  public Future<List<RoutingVersion>> routingHistory(Long before, int limit) {
    if (limit < 1) {
      return Future.failedFuture(StoreException.invalid("limit must be at least 1"));
    }
    return (before == null ? pool.preparedQuery(SELECT_ROUTING + NEWEST).execute(Tuple.of(limit))
        : pool.preparedQuery(SELECT_ROUTING + " WHERE version < ?" + NEWEST)
            .execute(Tuple.of(before, limit)))
        .map(rows -> JdbcFineTuneStore.all(rows, JdbcAdminStore::routing));
  }

  // --- audit

  /** {@inheritDoc} The entry's own seq is not read. */
  @Override
  public Future<Void> audit(AuditEntry entry) {
    return pool.withTransaction(conn -> append(conn, entry)).recover(tooLong());
  }

  private static Future<Void> append(SqlConnection conn, AuditEntry e) {
    return conn.preparedQuery(INSERT_AUDIT)
        .execute(Tuple.from(Arrays.<Object>asList(e.at(), e.actor(), e.action(), e.target(),
            e.before(), e.after(), e.requestId())))
        .mapEmpty();
  }

  @Override
  public Future<List<AuditEntry>> auditLog(Long before, int limit, String actionPrefix,
      String actor) {
    if (limit < 1) {
      return Future.failedFuture(StoreException.invalid("limit must be at least 1"));
    }
    StringBuilder sql = new StringBuilder("SELECT " + AUDIT_COLUMNS + " FROM audit_log");
    List<Object> values = new ArrayList<>();
    String and = " WHERE ";
    if (before != null) {
      sql.append(and).append("seq < ?");
      values.add(before);
      and = " AND ";
    }
    if (actionPrefix != null) {
      sql.append(and).append("action LIKE ? ESCAPE '\\'");
      values.add(likePrefix(actionPrefix));
      and = " AND ";
    }
    if (actor != null) {
      sql.append(and).append("actor = ?");
      values.add(actor);
    }
    sql.append(" ORDER BY seq DESC FETCH FIRST ? ROWS ONLY");
    values.add(limit);
    return pool.preparedQuery(sql.toString()).execute(Tuple.from(values))
        .map(rows -> JdbcFineTuneStore.all(rows, JdbcAdminStore::audit));
  }

  /** A LIKE pattern matching what starts with {@code prefix}, its wildcards taken literally. */
  static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  // --- helpers

  /** A mapper for {@code Future.recover}: a value longer than its column is an invalid request. */
  private static <T> Function<Throwable, Future<T>> tooLong() {
    return error -> Future.failedFuture(Failures.STRING_TOO_LONG.equals(Failures.sqlState(error))
        ? StoreException.invalid("a value is longer than the store keeps") : error);
  }

  private static RoutingVersion routing(Row row) {
    return new RoutingVersion(Columns.longOf(row.getValue(0)), row.getString(1),
        row.getString(2), Columns.longOf(row.getValue(3)), row.getString(4),
        Columns.longOrNull(row, 5));
  }

  private static AuditEntry audit(Row row) {
    return new AuditEntry(Columns.longOf(row.getValue(0)), Columns.longOf(row.getValue(1)),
        row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getString(6),
        row.getString(7));
  }
}
