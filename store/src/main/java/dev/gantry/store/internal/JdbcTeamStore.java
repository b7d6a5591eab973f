package dev.gantry.store.internal;

import dev.gantry.store.StoreException;
import dev.gantry.store.StoredTeam;
import dev.gantry.store.TeamSpec;
import dev.gantry.store.TeamStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link TeamStore} over the {@code teams} table. */
final class JdbcTeamStore implements TeamStore {

  private static final String COLUMNS = "name, " + Columns.LIMIT_BUDGET
      + ", metadata, created_at, updated_at, version";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM teams";
  private static final String INSERT = "INSERT INTO teams (" + COLUMNS + ") VALUES ("
      + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE = "UPDATE teams SET limit_rpm = ?, limit_tpm = ?,"
      + " limit_input_tpm = ?, limit_output_tpm = ?, limit_concurrent = ?,"
      + " limit_tokens_per_day = ?, budget_usd = ?, budget_period = ?, budget_hard = ?,"
      + " metadata = ?, updated_at = ?, version = ? WHERE name = ?";

  private final Pool pool;
  private final Clock clock;

  JdbcTeamStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  @Override
  public Future<StoredTeam> create(TeamSpec spec) {
    return checked(spec)
        .compose(ok -> pool.withTransaction(conn -> ChangeClock.next(conn)
            .compose(version -> conn.preparedQuery(INSERT).execute(insertValues(spec, version)))))
        .recover(Failures.on(Failures.UNIQUE_VIOLATION,
            StoreException.conflict("a team named '" + spec.name() + "' already exists")))
        .compose(none -> mustGet(spec.name()));
  }

  private Tuple insertValues(TeamSpec spec, long version) {
    long now = clock.millis();
    List<Object> values = new ArrayList<>();
    values.add(spec.name());
    values.addAll(Columns.limitsAndBudget(spec.limits(), spec.budget()));
    values.add(Columns.metadataJson(spec.metadata()));
    values.add(now);
    values.add(now);
    values.add(version);
    return Tuple.from(values);
  }

  @Override
  public Future<Optional<StoredTeam>> get(String name) {
    return pool.preparedQuery(SELECT + " WHERE name = ?").execute(Tuple.of(name))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(team(rows.iterator().next())));
  }

  @Override
  public Future<List<StoredTeam>> list() {
    return pool.preparedQuery(SELECT + " ORDER BY name").execute(Tuple.tuple())
        .map(JdbcTeamStore::all);
  }

  @Override
  public Future<StoredTeam> update(TeamSpec spec) {
    return checked(spec)
        .compose(ok -> pool.withTransaction(conn -> ChangeClock.next(conn)
            .compose(version -> conn.preparedQuery(UPDATE).execute(updateValues(spec, version)))
            .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(noTeam(spec.name()))
                : Future.succeededFuture())))
        .compose(none -> mustGet(spec.name()));
  }

  private Tuple updateValues(TeamSpec spec, long version) {
    List<Object> values = new ArrayList<>(Columns.limitsAndBudget(spec.limits(), spec.budget()));
    values.add(Columns.metadataJson(spec.metadata()));
    values.add(clock.millis());
    values.add(version);
    values.add(spec.name());
    return Tuple.from(values);
  }

  @Override
  public Future<Void> delete(String name) {
    return pool.withTransaction(conn -> refuseIfUsed(conn, name)
        .compose(none -> detachRevokedKeys(conn, name))
        .compose(none -> conn.preparedQuery("DELETE FROM teams WHERE name = ?")
            .execute(Tuple.of(name)))
        .compose(rows -> rows.rowCount() == 0 ? Future.<Void>failedFuture(noTeam(name))
            : Future.<Void>succeededFuture()))
        .recover(Failures.on(Failures.FOREIGN_KEY_VIOLATION, inUse(name)));
  }

  private static Future<Void> refuseIfUsed(SqlConnection conn, String name) {
    return conn.preparedQuery("SELECT COUNT(*) FROM virtual_keys WHERE team = ?"
            + " AND revoked_at IS NULL").execute(Tuple.of(name))
        .compose(rows -> Columns.longOf(rows.iterator().next().getValue(0)) > 0
            ? Future.failedFuture(inUse(name)) : Future.succeededFuture());
  }

  /** Revoked keys keep no team, so the team can go; each such key counts as changed. */
  private Future<Void> detachRevokedKeys(SqlConnection conn, String name) {
    return ChangeClock.next(conn)
        .compose(version -> conn.preparedQuery("UPDATE virtual_keys SET team = NULL,"
            + " updated_at = ?, version = ? WHERE team = ?")
            .execute(Tuple.of(clock.millis(), version, name)))
        .mapEmpty();
  }

  @Override
  public Future<List<StoredTeam>> changedSince(long version) {
    return pool.preparedQuery(SELECT + " WHERE version > ? ORDER BY version")
        .execute(Tuple.of(version)).map(JdbcTeamStore::all);
  }

  private Future<Void> checked(TeamSpec spec) {
    try {
      Columns.checkName("team", spec.name());
      Columns.checkLimits(spec.limits());
      Columns.metadataJson(spec.metadata());
      return Future.succeededFuture();
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<StoredTeam> mustGet(String name) {
    return get(name).compose(team -> team.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(noTeam(name))));
  }

  private static StoreException noTeam(String name) {
    return StoreException.notFound("no team named '" + name + "'");
  }

  private static StoreException inUse(String name) {
    return StoreException.conflict("team '" + name + "' still has keys that are not revoked;"
        + " move or revoke them first");
  }

  private static List<StoredTeam> all(RowSet<Row> rows) {
    List<StoredTeam> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(team(row)));
    return out;
  }

  private static StoredTeam team(Row row) {
    return new StoredTeam(row.getString(0), Columns.limits(row, 1), Columns.budget(row, 7),
        Columns.metadata(row.getString(10)), Columns.instant(row, 11), Columns.instant(row, 12),
        Columns.longOf(row.getValue(13)));
  }
}
