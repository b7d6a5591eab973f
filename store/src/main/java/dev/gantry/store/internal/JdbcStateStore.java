package dev.gantry.store.internal;

import dev.gantry.config.StateStoreSettings;
import dev.gantry.store.KeyStore;
import dev.gantry.store.StateStore;
import dev.gantry.store.TeamStore;
import dev.gantry.store.UsageStore;
import dev.gantry.store.admin.AdminStore;
import dev.gantry.store.finetune.FineTuneStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Opens the database: migrates it with Flyway on the {@code gantry-jdbc} worker pool, then serves
 * every store from one {@link JDBCPool}, whose JDBC calls run on worker threads.
 */
public final class JdbcStateStore implements StateStore {

  /** Where the migrations live on the class path. */
  static final String MIGRATIONS = "classpath:db/gantry";
  /** The worker pool blocking JDBC work outside the pool (the migration) runs on. */
  static final String EXECUTOR = "gantry-jdbc";

  private final Pool pool;
  private final KeyStore keys;
  private final TeamStore teams;
  private final UsageStore usage;
  private final FineTuneStore fineTuning;
  private final AdminStore admin;

  private JdbcStateStore(Pool pool, Dialect dialect, Clock clock) {
    this.pool = pool;
    this.keys = new JdbcKeyStore(pool, clock);
    this.teams = new JdbcTeamStore(pool, clock);
    this.usage = new JdbcUsageStore(pool, dialect);
    this.fineTuning = new JdbcFineTuneStore(pool, dialect);
    this.admin = new JdbcAdminStore(pool, clock);
  }

  /** See {@link StateStore#open}. */
  public static Future<StateStore> open(Vertx vertx, StateStoreSettings settings,
      Map<String, String> env, Clock clock) {
    Dialect dialect = settings.kind() == StateStoreSettings.Kind.POSTGRES ? Dialect.POSTGRES
        : Dialect.H2;
    WorkerExecutor worker = vertx.createSharedWorkerExecutor(EXECUTOR, settings.poolSize());
    return worker.executeBlocking(() -> migrate(connectOptions(settings, env)), false)
        .eventually(() -> worker.close())
        .map(connect -> new JdbcStateStore(JDBCPool.pool(vertx, connect,
            new PoolOptions().setMaxSize(settings.poolSize()).setName(EXECUTOR)), dialect, clock));
  }

  /** The connection settings; reads a {@code file:} password, so it runs on a worker. */
  static JDBCConnectOptions connectOptions(StateStoreSettings settings, Map<String, String> env) {
    JDBCConnectOptions options = new JDBCConnectOptions();
    if (settings.kind() == StateStoreSettings.Kind.EMBEDDED) {
      // LOCK_TIMEOUT: writers of the change counter or a usage row queue up rather than fail.
      return options.setJdbcUrl("jdbc:h2:file:" + Path.of(settings.path()).toAbsolutePath()
          + ";LOCK_TIMEOUT=10000");
    }
    options.setJdbcUrl(settings.url());
    if (settings.user() != null) {
      options.setUser(settings.user());
    }
    if (settings.password() != null) {
      try {
        options.setPassword(settings.password().resolve(env));
      } catch (IllegalStateException e) {
        throw new IllegalStateException("state_store.password: " + e.getMessage(), e);
      }
    }
    return options;
  }

  /** Brings the schema to the newest migration; returns {@code connect}. */
  private static JDBCConnectOptions migrate(JDBCConnectOptions connect) {
    Flyway.configure(JdbcStateStore.class.getClassLoader())
        .dataSource(connect.getJdbcUrl(), connect.getUser(), connect.getPassword())
        .locations(MIGRATIONS)
        .load()
        .migrate();
    return connect;
  }

  @Override
  public KeyStore keys() {
    return keys;
  }

  @Override
  public TeamStore teams() {
    return teams;
  }

  @Override
  public FineTuneStore fineTuning() {
    return fineTuning;
  }

  @Override
  public AdminStore admin() {
    return admin;
  }

  @Override
  public UsageStore usage() {
    return usage;
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }
}
