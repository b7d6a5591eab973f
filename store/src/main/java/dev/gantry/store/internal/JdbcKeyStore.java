package dev.gantry.store.internal;

import dev.gantry.store.IssuedKey;
import dev.gantry.store.KeySpec;
import dev.gantry.store.KeyStore;
import dev.gantry.store.StoreException;
import dev.gantry.store.StoredKey;
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
import java.util.UUID;

/** {@link KeyStore} over the {@code virtual_keys} table. */
final class JdbcKeyStore implements KeyStore {

  private static final String COLUMNS = "id, name, key_prefix, key_hash, team, models, "
      + Columns.LIMIT_BUDGET + ", expires_at, revoked_at, metadata, created_at, updated_at,"
      + " version";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM virtual_keys";
  private static final String INSERT = "INSERT INTO virtual_keys (" + COLUMNS + ") VALUES ("
      + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE = "UPDATE virtual_keys SET name = ?, team = ?, models = ?,"
      + " limit_rpm = ?, limit_tpm = ?, limit_input_tpm = ?, limit_output_tpm = ?,"
      + " limit_concurrent = ?, limit_tokens_per_day = ?, budget_usd = ?, budget_period = ?,"
      + " budget_hard = ?, expires_at = ?, metadata = ?, updated_at = ?, version = ? WHERE id = ?";

  private final Pool pool;
  private final Clock clock;

  JdbcKeyStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  @Override
  public Future<IssuedKey> create(KeySpec spec) {
    String plaintext = KeyMaterial.newKey();
    String id = UUID.randomUUID().toString();
    return checked(spec, true)
        .compose(ok -> pool.withTransaction(conn -> checkTeam(conn, spec.team())
            .compose(none -> ChangeClock.next(conn))
            .compose(version -> insert(conn, id, plaintext, spec, version))))
        .recover(clash(spec))
        .compose(none -> mustGet(id))
        .map(key -> new IssuedKey(key, plaintext));
  }

  private Future<RowSet<Row>> insert(SqlConnection conn, String id, String plaintext,
      KeySpec spec, long version) {
    long now = clock.millis();
    List<Object> values = new ArrayList<>(List.of(id, spec.name(), KeyMaterial.shown(plaintext),
        KeyMaterial.sha256(plaintext)));
    values.add(spec.team());
    values.add(Columns.modelsJson(spec.models()));
    values.addAll(Columns.limitsAndBudget(spec.limits(), spec.budget()));
    values.add(Columns.millis(spec.expiresAt()));
    values.add(null);
    values.add(Columns.metadataJson(spec.metadata()));
    values.add(now);
    values.add(now);
    values.add(version);
    return conn.preparedQuery(INSERT).execute(Tuple.from(values));
  }

  @Override
  public Future<Optional<StoredKey>> get(String id) {
    return pool.preparedQuery(SELECT + " WHERE id = ?").execute(Tuple.of(id))
        .map(JdbcKeyStore::first);
  }

  @Override
  public Future<List<StoredKey>> list() {
    return pool.preparedQuery(SELECT + " ORDER BY name").execute(Tuple.tuple())
        .map(JdbcKeyStore::all);
  }

  @Override
  public Future<StoredKey> update(String id, KeySpec spec) {
    return checked(spec, false)
        .compose(ok -> pool.withTransaction(conn -> checkTeam(conn, spec.team())
            .compose(none -> ChangeClock.next(conn))
            .compose(version -> conn.preparedQuery(UPDATE).execute(updateValues(id, spec, version)))
            .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(noKey(id))
                : Future.succeededFuture())))
        .recover(clash(spec))
        .compose(none -> mustGet(id));
  }

  private Tuple updateValues(String id, KeySpec spec, long version) {
    List<Object> values = new ArrayList<>();
    values.add(spec.name());
    values.add(spec.team());
    values.add(Columns.modelsJson(spec.models()));
    values.addAll(Columns.limitsAndBudget(spec.limits(), spec.budget()));
    values.add(Columns.millis(spec.expiresAt()));
    values.add(Columns.metadataJson(spec.metadata()));
    values.add(clock.millis());
    values.add(version);
    values.add(id);
    return Tuple.from(values);
  }

  @Override
  public Future<IssuedKey> rotate(String id) {
    String plaintext = KeyMaterial.newKey();
    return pool.withTransaction(conn -> current(conn, id)
            .compose(key -> key.revokedAt() != null
                ? Future.failedFuture(StoreException.conflict("key '" + key.name()
                    + "' is revoked; create a new key"))
                : ChangeClock.next(conn))
            .compose(version -> conn.preparedQuery("UPDATE virtual_keys SET key_hash = ?,"
                    + " key_prefix = ?, updated_at = ?, version = ? WHERE id = ?")
                .execute(Tuple.of(KeyMaterial.sha256(plaintext), KeyMaterial.shown(plaintext),
                    clock.millis(), version, id))))
        .compose(none -> mustGet(id))
        .map(key -> new IssuedKey(key, plaintext));
  }

  @Override
  public Future<StoredKey> revoke(String id) {
    return pool.withTransaction(conn -> current(conn, id)
            .compose(key -> key.revokedAt() != null ? Future.succeededFuture()
                : markRevoked(conn, id)))
        .compose(none -> mustGet(id));
  }

  private Future<RowSet<Row>> markRevoked(SqlConnection conn, String id) {
    long now = clock.millis();
    return ChangeClock.next(conn)
        .compose(version -> conn.preparedQuery("UPDATE virtual_keys SET revoked_at = ?,"
            + " updated_at = ?, version = ? WHERE id = ?").execute(Tuple.of(now, now, version, id)));
  }

  @Override
  public Future<Optional<StoredKey>> findByHash(String sha256) {
    if (sha256 == null || !KeyMaterial.SHA256.matcher(sha256).matches()) {
      return Future.failedFuture(StoreException.invalid("a key hash is 64 lower-case hex digits"));
    }
    return pool.preparedQuery(SELECT + " WHERE key_hash = ? AND revoked_at IS NULL"
            + " AND (expires_at IS NULL OR expires_at > ?)")
        .execute(Tuple.of(sha256, clock.millis()))
        .map(JdbcKeyStore::first);
  }

  @Override
  public Future<List<StoredKey>> changedSince(long version) {
    return pool.preparedQuery(SELECT + " WHERE version > ? ORDER BY version")
        .execute(Tuple.of(version)).map(JdbcKeyStore::all);
  }

  /** Validates the spec; a new key must not be expired already. */
  private Future<Void> checked(KeySpec spec, boolean creating) {
    try {
      Columns.checkName("key", spec.name());
      if (spec.team() != null) {
        Columns.checkName("team", spec.team());
      }
      Columns.checkLimits(spec.limits());
      Columns.modelsJson(spec.models());
      Columns.metadataJson(spec.metadata());
      if (creating && spec.expiresAt() != null && !spec.expiresAt().isAfter(clock.instant())) {
        throw StoreException.invalid("expires_at must be in the future");
      }
      return Future.succeededFuture();
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
  }

  /** Fails with "unknown team" unless {@code team} is null or exists. */
  static Future<Void> checkTeam(SqlConnection conn, String team) {
    if (team == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("SELECT name FROM teams WHERE name = ?").execute(Tuple.of(team))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(unknownTeam(team))
            : Future.succeededFuture());
  }

  private static StoreException unknownTeam(String team) {
    return StoreException.invalid("unknown team '" + team + "'");
  }

  private static <T> java.util.function.Function<Throwable, Future<T>> clash(KeySpec spec) {
    return error -> {
      String state = Failures.sqlState(error);
      if (Failures.UNIQUE_VIOLATION.equals(state)) {
        return Future.failedFuture(StoreException.conflict("a key named '" + spec.name()
            + "' already exists"));
      }
      if (Failures.FOREIGN_KEY_VIOLATION.equals(state)) {
        return Future.failedFuture(unknownTeam(spec.team()));
      }
      return Future.failedFuture(error);
    };
  }

  private Future<StoredKey> current(SqlConnection conn, String id) {
    return conn.preparedQuery(SELECT + " WHERE id = ?").execute(Tuple.of(id))
        .compose(rows -> first(rows).map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(noKey(id))));
  }

  private Future<StoredKey> mustGet(String id) {
    return get(id).compose(key -> key.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(noKey(id))));
  }

  private static StoreException noKey(String id) {
    return StoreException.notFound("no key with id '" + id + "'");
  }

  private static Optional<StoredKey> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(key(rows.iterator().next()));
  }

  private static List<StoredKey> all(RowSet<Row> rows) {
    List<StoredKey> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(key(row)));
    return out;
  }

  private static StoredKey key(Row row) {
    return new StoredKey(row.getString(0), row.getString(1), row.getString(2),
        row.getString(3).trim(), row.getString(4), Columns.models(row.getString(5)),
        Columns.limits(row, 6), Columns.budget(row, 12), Columns.instant(row, 15),
        Columns.instant(row, 16), Columns.metadata(row.getString(17)), Columns.instant(row, 18),
        Columns.instant(row, 19), Columns.longOf(row.getValue(20)));
  }
}
